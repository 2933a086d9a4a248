"""Transcripts that change: replace, correct, rename and delete, with every unit following its words."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.cli import cli
from qualcode.demo import build_demo
from qualcode.errors import QualcodeError
from qualcode.project import Project
from qualcode.revision.align import OffsetMap, align, has_words

WORDS = ["kommunen", "pasienten", "ble", "skrevet", "ut", "fredag", "og", "vi", "fikk", "ikke", "beskjed", "før",
         "etterpå", "samarbeidet", "går", "bedre", "nå", "Kari", "ringte", "DPS-et", "«sånn»", "ja", "æ", "øy", "på"]
SPEAKERS = ["I", "K1", "K2"]


@st.composite
def transcripts(draw):
    """A transcript of turns (speaker lines), its units, and an edit script over it."""
    turns = draw(st.lists(st.tuples(st.sampled_from(SPEAKERS), st.lists(st.sampled_from(WORDS), min_size=1,
                                                                         max_size=25)), min_size=1, max_size=6))
    text = "\n\n".join(f"{speaker}: {' '.join(words)}." for speaker, words in turns)
    words = [m.span() for m in re.finditer(r"\S+", text)]
    units = []
    for _ in range(draw(st.integers(0, 6))):
        first = draw(st.integers(0, len(words) - 1))
        last = draw(st.integers(first, min(len(words) - 1, first + 12)))
        units.append((words[first][0], words[last][1]))
    edits = []  # (start, end, replacement) on word edges or anywhere: insertions, deletions, replacements
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        length = draw(st.integers(0, 40))
        new = draw(st.sampled_from(["", "ikke ", "K3: ", "\n\nK2: nei. ", "kommunene", "x", " og så"]))
        edits.append((at, min(len(text), at + length), new))
    return text, units, edits


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Edits applied one after another, each at its own place in the text as it is by then."""
    for start, end, new in edits:
        start, end = min(start, len(text)), min(end, len(text))
        text = text[:start] + new + text[end:]
    return text


@settings(max_examples=300, deadline=None)
@given(transcripts())
def test_a_unit_that_keeps_words_slices_the_new_text_at_them(case):
    text, units, edits = case
    new = apply_edits(text, edits)
    mapping = OffsetMap(text, new, align(text, new))
    for start, end in units:
        new_start, new_end = mapping.span(start, end)
        assert 0 <= new_start <= new_end <= len(new)
        kept = [(s, e) for s, e in mapping.kept_words(start, end) if has_words(new[s:e])]
        for s, e in kept:  # every character carried over unchanged lies inside the unit's new span
            assert new_start <= s and e <= new_end
        if not kept:
            continue
        # the kept characters are the old ones, in order
        old_kept = "".join(new[s:e] for s, e in mapping.kept_words(start, end))
        assert old_kept in text[start:end] or _is_subsequence(old_kept, text[start:end])


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(char in it for char in short)


@settings(max_examples=200, deadline=None)
@given(transcripts())
def test_a_unit_the_edits_do_not_reach_is_unchanged(case):
    text, units, edits = case
    start0, end0, new0 = edits[0]
    new = text[:start0] + new0 + text[end0:]
    mapping = OffsetMap(text, new, align(text, new))
    for start, end in units:
        if end0 < start - 1 or start0 > end + 1:  # a space at least between the edit and the unit
            new_start, new_end = mapping.span(start, end)
            assert new[new_start:new_end] == text[start:end]


_counter = itertools.count()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    folder = tmp_path_factory.mktemp("revise")
    with Project.create(folder / "p.qualcode", language="nb", coder="tester") as project:
        project.codebook.add("Samhandling/Varsling")
        yield project, folder


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(case=transcripts())
def test_replace_keeps_every_unit_and_lists_those_whose_text_changed(shared, case):
    project, folder = shared
    text, units, edits = case
    new = apply_edits(text, edits)
    label = f"T{next(_counter)}"
    (folder / f"{label}.txt").write_text(text, encoding="utf-8")
    report = project.documents.import_files([folder / f"{label}.txt"])
    if label not in report.imported or not units:  # the same text imported already: skipped
        return
    stored = project.documents.get(label).text
    if stored != text or not new.strip():
        return  # the reader normalised the text (a blank line at an end): the case says nothing then
    ids = [project.units.create(label, s, e, codes=["Samhandling/Varsling"]) for s, e in sorted(set(units))]
    before = {u.id: u for u in project.units.list(document=label)}
    corrected = folder / f"{label}-rettet.txt"
    corrected.write_text(new, encoding="utf-8")
    try:
        result = project.documents.replace(label, corrected)
    except QualcodeError as exc:  # the same text, or a file that cannot be read: nothing changed
        assert project.documents.get(label).text == text, exc
        return
    now_text = project.documents.get(label).text
    mapping = OffsetMap(text, now_text, align(text, now_text))
    after = {u.id: u for u in project.units.list(document=label)}
    assert set(after) == set(ids)  # never lost
    listed = {c.unit_id: c for c in result.changed}
    for unit_id, unit in before.items():
        moved = after[unit_id]
        assert moved.text == now_text[moved.start:moved.end]
        kept = [(s, e) for s, e in mapping.kept_words(unit.start, unit.end) if has_words(now_text[s:e])]
        for s, e in kept:
            assert moved.start <= s and e <= moved.end
        if moved.text != unit.text:
            assert unit_id in listed and listed[unit_id].new_text == moved.text
            assert listed[unit_id].old_text == unit.text
        if not has_words(moved.text) and has_words(unit.text):
            assert listed[unit_id].gone and moved.start == moved.end
    assert len(result.changed) + result.unchanged == len(before)
    _index_is_consistent(project)


def _index_is_consistent(project: Project) -> None:
    assert project.conn.execute("INSERT INTO segments_fts (segments_fts, rank) VALUES ('integrity-check', 1)")


# the demo: a corrected copy of a transcript, the chapter's quotes, undo

@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return build_demo(tmp_path / "demo")


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(cli, [*args, "--coder", "demo"], input=input)
    return result


def test_replace_a_demo_transcript_and_the_chapter_quotes_the_corrected_words(demo, tmp_path):
    with Project(demo, "demo") as project:
        text = project.documents.get("K1-intervju").text
        quoted = "Men like ofte så får vi en melding på torsdag"
        assert quoted in text
        units = {u.id: u for u in project.units.list(document="K1-intervju")}
        coded = next(u for u in units.values() if u.text.startswith("Og en person som er motivert"))
        removed_start = text.rfind("\n", 0, coded.start) + 1  # the paragraph that holds this unit goes
        removed_end = text.index("\n\n", coded.end) + 2
        removed = text[removed_start:removed_end]
        fixed = text[:removed_start] + text[removed_end:]
        fixed = fixed.replace("får vi en melding på torsdag", "får vi en beskjed på torsdag", 1)
        inside_removed = [u.id for u in units.values() if removed_start <= u.start and u.end <= removed_end]
    corrected = tmp_path / "K1-intervju-rettet.txt"
    corrected.write_text(fixed, encoding="utf-8")
    result = run("document", "replace", str(demo), "K1-intervju", str(corrected), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    changed = {c["unit_id"]: c for c in report["changed"]}
    assert any("melding på torsdag" in c["old_text"] and "beskjed på torsdag" in c["new_text"]
               for c in changed.values())
    assert set(inside_removed) <= set(report["flagged"])
    assert inside_removed, "the removed paragraph held a unit"
    chapter = tmp_path / "kapittel.md"
    assert run("export", "markdown", str(demo), "-o", str(chapter)).exit_code == 0
    written = chapter.read_text(encoding="utf-8")
    assert "får vi en beskjed på torsdag" in written and "får vi en melding på torsdag" not in written
    flagged = run("document", "flagged", str(demo))
    assert all(str(i) in flagged.output for i in inside_removed)
    # undo brings the old text, and every offset, back; redo the new ones
    with Project(demo, "demo") as project:
        hits_removed = project.documents.count_hits(removed.split()[3], exact=True)
    assert run("undo", str(demo)).exit_code == 0
    with Project(demo, "demo") as project:
        assert project.documents.get("K1-intervju").text == text
        assert {u.id: (u.start, u.end) for u in project.units.list(document="K1-intervju")} == {
            i: (u.start, u.end) for i, u in units.items()}
        assert project.documents.count_hits(removed.split()[3], exact=True) >= hits_removed
        assert project.documents.flagged_units() == []
        _index_is_consistent(project)
    assert run("redo", str(demo)).exit_code == 0
    with Project(demo, "demo") as project:
        assert project.documents.get("K1-intervju").text == fixed
        _index_is_consistent(project)


def test_rename_and_delete_are_undone(demo):
    with Project(demo, "demo") as project:
        before_units = len(project.units.list())
        hits = project.documents.count_hits("kommunen")
        contents = project.documents.contents("K2-intervju")
    assert run("document", "rename", str(demo), "K2-intervju", "K2 intervju").exit_code == 0
    refused = run("document", "rename", str(demo), "H1-intervju", "k2 INTERVJU")
    assert refused.exit_code == 1 and "already" in refused.output
    asked = run("document", "delete", str(demo), "K2 intervju", input="n\n")
    assert asked.exit_code == 1
    assert f"{contents.units} units, {contents.codings} codings" in asked.output
    assert run("document", "delete", str(demo), "K2 intervju", "--yes").exit_code == 0
    with Project(demo, "demo") as project:
        assert "K2 intervju" not in [d.label for d in project.documents.list()]
        assert len(project.units.list()) == before_units - contents.units
        assert project.documents.count_hits("kommunen") < hits
        _index_is_consistent(project)
    assert run("undo", str(demo)).exit_code == 0
    assert run("undo", str(demo)).exit_code == 0
    with Project(demo, "demo") as project:
        assert "K2-intervju" in [d.label for d in project.documents.list()]
        assert len(project.units.list()) == before_units
        assert project.documents.count_hits("kommunen") == hits
        _index_is_consistent(project)


def test_correct_a_passage_in_place(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    start = text.index("Kommunen får beskjed tidligere")
    unit = project.units.create("K1-intervju", start, start + len("Kommunen får beskjed tidligere"))
    gone_start = text.index("Kommunens folk")
    gone = project.units.create("K1-intervju", gone_start, gone_start + len("Kommunens folk blir tatt på alvor."))
    word = text.index("beskjed", start)
    report = project.documents.correct("K1-intervju", word, word + len("beskjed"), "melding")
    assert [c.unit_id for c in report.changed] == [unit]
    assert project.units.get([unit])[0].text == "Kommunen får melding tidligere"
    text = project.documents.get("K1-intervju").text
    gone_start = text.index("Kommunens folk")
    gone_end = gone_start + len("Kommunens folk blir tatt på alvor.")
    report = project.documents.correct("K1-intervju", gone_start, gone_end, "")
    assert [c.unit_id for c in report.gone] == [gone]
    assert [f.unit_id for f in project.documents.flagged_units()] == [gone]
    assert project.documents.search("alvor", exact=True) == []
    project.history.undo()
    assert project.documents.search("alvor", exact=True)
    assert project.documents.flagged_units() == []


def test_bad_input_is_one_line_and_changes_nothing(demo, tmp_path):
    missing = run("document", "replace", str(demo), "K1-intervju", str(tmp_path / "finnes-ikke.txt"))
    assert missing.exit_code == 1 and "no such file" in missing.output
    empty = tmp_path / "tom.txt"
    empty.write_text("  \n", encoding="utf-8")
    refused = run("document", "replace", str(demo), "K1-intervju", str(empty))
    assert refused.exit_code == 1 and "nothing changed" in refused.output
    outside = run("document", "correct", str(demo), "K1-intervju", "--start", "5", "--end", "999999", "--text", "x")
    assert outside.exit_code == 1 and "outside" in outside.output
    assert run("document", "rename", str(demo), "finnes-ikke", "x").exit_code == 1
    with Project(demo, "demo") as project:
        assert [c.action for c in project.history.log(limit=1)] != ["replace document"]


def test_sentences_from_before_lemma_keys_are_taken_out_of_the_index_exactly(project, transcript, tmp_path):
    project.documents.import_files([transcript])
    project.conn.execute("UPDATE segments SET lemmas = NULL")  # as a project from before the lemma keys
    text = project.documents.get("K1-intervju").text
    changed = tmp_path / "K1-ny.txt"
    changed.write_text(text.replace("Helseforetakene er store.", "Sykehusene er store."), encoding="utf-8")
    assert project.documents.count_hits("helseforetak") > 0
    project.documents.replace("K1-intervju", changed)
    _index_is_consistent(project)
    assert project.documents.search("sykehus")
    assert project.conn.execute("SELECT count(*) FROM segments WHERE lemmas IS NULL").fetchone()[0] == 0
