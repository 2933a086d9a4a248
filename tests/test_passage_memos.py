"""Memos on a passage of a transcript: written from the domain, the CLI and a draft; their offsets follow the
words when the transcript is corrected or pseudonymised, and a fork's passage memo comes through a merge."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.drafts import passage_memo_field
from qualcode.errors import QualcodeError
from qualcode.project import Project
from qualcode.pseudonyms.matching import Replacement
from qualcode.team.merge import merge_projects

PASSAGE = "Kommunens folk blir tatt på alvor."


@pytest.fixture
def reading(project, transcript):
    project.documents.import_files([transcript])
    return project


def _passage(project, label="K1-intervju", words=PASSAGE):
    document = project.documents.get(label)
    start = document.text.index(words)
    return document.id, start, start + len(words)


def _quoted(project, memo) -> str:
    return project.documents.get("K1-intervju").text[memo.start:memo.end]


def test_a_memo_on_a_passage_is_a_memo_on_its_document_with_the_offsets(reading):
    document, start, end = _passage(reading)
    memo_id = reading.impression.add_memo("Tatt på alvor: nytt", kind="passage", target_id=document,
                                          start=start, end=end)
    reading.impression.add_memo("Hele intervjuet", kind="document", target_id=document)
    (memo,) = reading.impression.memos(kind="passage", target_id=document)
    assert (memo.id, memo.target_kind, _quoted(reading, memo)) == (memo_id, "passage", PASSAGE)
    assert [m.target_kind for m in reading.impression.memos(kind="document", target_id=document)] == [
        "passage", "document"]
    with pytest.raises(QualcodeError, match="outside"):
        reading.impression.add_memo("for langt", kind="passage", target_id=document, start=start, end=10**6)
    with pytest.raises(QualcodeError, match="start and end"):
        reading.impression.add_memo("uten sted", kind="passage", target_id=document)
    with pytest.raises(QualcodeError, match="only a memo on a passage"):
        reading.impression.add_memo("sted på et tema", kind="theme", target_id=1, start=0, end=3)
    reading.history.undo()
    reading.history.undo()
    assert reading.impression.memos() == []


def test_the_cli_writes_and_lists_a_passage_memo(reading):
    _, start, end = _passage(reading)
    runner = CliRunner()
    path = str(reading.path)
    written = runner.invoke(cli, ["memo", path, "Les igjen", "--on", f"passage:K1-intervju:{start}-{end}"])
    assert written.exit_code == 0, written.output
    listed = runner.invoke(cli, ["memo", path, "--on", "document:K1-intervju"])
    assert f"passage:K1-intervju:{start}-{end}" in listed.output and "Les igjen" in listed.output
    bad = runner.invoke(cli, ["memo", path, "x", "--on", "passage:K1-intervju:12"])
    assert bad.exit_code != 0 and "DOCUMENT:START-END" in bad.output


def test_a_passage_memo_typed_as_a_draft_is_written_on_its_passage(reading):
    document, start, end = _passage(reading)
    field = passage_memo_field(start, end)
    reading.drafts.keep(field, document, "Skrevet mens jeg leste", base="")
    assert reading.drafts.promote(field, document) == f"a memo on passage {start}-{end} of document {document}"
    (memo,) = reading.impression.memos(kind="passage")
    assert (memo.text, _quoted(reading, memo)) == ("Skrevet mens jeg leste", PASSAGE)


def test_the_offsets_follow_the_words_when_the_transcript_is_corrected(reading):
    document, start, end = _passage(reading)
    reading.impression.add_memo("Alvor", kind="passage", target_id=document, start=start, end=end)
    word = reading.documents.get("K1-intervju").text.index("Samarbeidet")
    reading.documents.correct("K1-intervju", word, word + len("Samarbeidet"), "Det gode samarbeidet")
    (memo,) = reading.impression.memos(kind="passage")
    assert _quoted(reading, memo) == PASSAGE
    _, start, end = _passage(reading)
    reading.documents.correct("K1-intervju", start, end, "")  # the passage's words gone: the memo stays
    (memo,) = reading.impression.memos(kind="document")
    assert (memo.text, memo.target_kind, memo.start) == ("Alvor", "document", None)


def test_the_offsets_follow_the_words_when_names_are_replaced(reading, tmp_path):
    document, start, end = _passage(reading)
    reading.impression.add_memo("Alvor", kind="passage", target_id=document, start=start, end=end)
    key = tmp_path.parent / f"{tmp_path.name}-nøkkel.csv"
    try:
        reading.pseudonyms.apply([Replacement("Fjordvik", "[kommune A]")], key=key)
    finally:
        key.unlink(missing_ok=True)
    (memo,) = reading.impression.memos(kind="passage")
    assert _quoted(reading, memo) == PASSAGE


def test_a_forks_passage_memo_comes_through_the_merge(reading, tmp_path):
    base = Path(reading.path)
    forks = []
    for coder in ("kari", "ola"):
        target = tmp_path / f"{coder}.qualcode"
        reading.team.fork(target, coder=coder)
        forks.append(target)
    with Project(forks[1], coder="ola") as ola:
        document, start, end = _passage(ola)
        ola.impression.add_memo("Olas merknad", kind="passage", target_id=document, start=start, end=end)
    merged = tmp_path / "samlet.qualcode"
    merge_projects(forks[0], forks[1], merged)
    with Project(merged) as project:
        (memo,) = project.impression.memos(kind="passage")
        assert (memo.text, _quoted(project, memo)) == ("Olas merknad", PASSAGE)
    assert base.exists()
