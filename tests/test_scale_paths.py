"""The fast paths of issue 8's scale item against straightforward computations on a small project:
units (text, line, speaker, participant), counts, the matrix, recontextualisation, draft quotes,
word frequencies and the Word writer; and recontext's paging in the CLI."""

from __future__ import annotations

import json
import random
import zipfile
from collections import Counter

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.export.chapter import ChapterOptions
from qualcode.export.docx_chapter import Body, write_docx
from qualcode.stc.step1_impression import _TRANSCRIBER_NOTES, left_out, without_labels

K1 = """Intervju med K1, Fjordvik kommune

I: Hvordan opplever du samarbeidet med helseforetaket?

K1: Samarbeidet er bedre nå. Kommunen får beskjed tidligere, f.eks. ved utskrivning, og kommunene rundt oss merker det.
Kommunens folk blir tatt på alvor [ler] (...) men ikke alltid.

I: Og kommunikasjonen?

K1: Kommunikasjonen går via e-meldinger og DPS-et. «Det tar tid», sier de. Bl.a. fastlegen ringer 2-3 ganger.

I: Hva med pårørende?

K1: Pårørende blir sjelden spurt:) Altså, eh, det er sånn det er. Ansvarsgruppe-møtene hjelper.
"""
H1 = """I: Hvordan er samarbeidet?

H1: Kommunene ringer sjelden. Vi savner kontakt med kommunen.

I: Og økonomien?

H1: Budsjettene er stramme overalt. Helseforetakene må spare, og pasientene merker det.

I: Noe mer?

H1: Nei. Ikke utover at DPS-et og kommunen snakker sammen nå.
"""
FOCUS = """I: Velkommen til fokusgruppa.

K2: Takk. Jeg jobber i hjemmetjenesten, og vi får beskjed sent.

K3: Det samme hos oss: utskrivningsklare pasienter kommer på fredag ettermiddag.

K2: Og epikrisen kommer etterpå, dessverre.

I: Hvordan løser dere det?

K3: Vi ringer sykehuset. Det tar tid, men det hjelper.
"""


@pytest.fixture
def coded(project, tmp_path):
    """Three transcripts, participants in two groups, overlapping units coded in two code groups."""
    for name, text in (("K1-intervju", K1), ("H1-intervju", H1), ("fokusgruppe", FOCUS)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    csv = tmp_path / "deltakere.csv"
    csv.write_text("label;gruppe\nK1;Kommune\nK2;Kommune\nK3;Kommune\nH1;Helseforetak\n", encoding="utf-8")
    project.documents.import_files(sorted(tmp_path.glob("*.txt")), participants_csv=csv)
    rng = random.Random(3)
    paths = ["Samhandling/Varsling", "Samhandling/Varsling/Sent", "Samhandling/Respekt",
             "Økonomi/Budsjett", "Økonomi/Budsjett/Kutt"]
    for label in ("K1-intervju", "H1-intervju", "fokusgruppe"):
        spans = project.units.proposed_boundaries(label)
        for start, end in rng.sample(spans, min(6, len(spans))):
            unit = project.units.create(label, start, end, codes=[rng.choice(paths)], create_codes=True)
            if rng.random() < 0.4:
                project.units.code(unit, rng.choice(paths), create_codes=True)
        start, end = spans[len(spans) // 2]
        wide = project.units.create(label, start, min(end + 40, len(project.documents.get(label).text)),
                                    codes=["Samhandling/Varsling"])
        project.units.create(label, start, end, codes=["Samhandling/Varsling/Sent"])  # inside the wide one
        assert wide
    return project


def _turn_of(document, offset):
    """The turn a unit at offset starts in, as the method reads it: the last one starting at or before it."""
    before = [t for t in document.turns if t.start <= offset]
    turn = before[-1] if before else None
    return turn if turn is not None and offset <= turn.end else None


def test_units_have_their_text_line_speaker_and_participant(coded):
    units = coded.units.list()
    assert len(units) > 15
    for unit in units:
        document = coded.documents.get(unit.document)
        turn = _turn_of(document, unit.start)
        assert unit.text == document.text[unit.start:unit.end]
        assert unit.line == document.text[:unit.start].count("\n") + 1
        assert unit.speaker == (turn.speaker if turn else "")
        assert unit.participant == (turn.participant if turn else None)
    assert coded.units.get([u.id for u in reversed(units)]) == list(reversed(units))  # any order asked


def test_counts_and_matrix_match_the_units_of_each_code(coded):
    groups = {p.label: p.attributes.get("gruppe", "") for p in coded.participants.list() if p.turns}
    sizes = Counter(groups.values())
    tree = coded.codebook.tree()
    expected = []
    for group in tree:
        for subgroup in group.children:
            people = sorted({u.participant for u in coded.units.list(code_path=subgroup.path) if u.participant})
            contributing = Counter(groups[p] for p in people)
            expected.append((subgroup.path, tuple(people), len(groups),
                             {g: (contributing.get(g, 0), n) for g, n in sorted(sizes.items())}))
    assert [(c.subgroup, c.participants, c.total, c.by_group) for c in coded.synthesizing.counts()] == expected
    participants, names, cells = coded.synthesizing.matrix()
    assert names == [g.name for g in tree]
    assert set(participants) == set(groups)
    expected_cells: Counter = Counter()
    for group in tree:
        for unit in coded.units.list(code_path=group.path):
            if unit.participant:
                expected_cells[(unit.participant, group.name)] += 1
    assert cells == dict(expected_cells)


def _plain_recontext(project, subgroup):
    """Recontextualisation computed the slow way, from documents, turns and units."""
    own = project.units.list(code_path=subgroup)
    own_ids = {u.id for u in own}
    own_turns = set()
    for unit in own:
        turn = _turn_of(project.documents.get(unit.document), unit.start)
        if turn:
            own_turns.add(turn.id)
    below = {c.path for c in _flat(project.codebook.tree()) if c.path == subgroup or c.path.startswith(subgroup + "/")}
    others = set()
    for label in {u.document for u in own}:
        document = project.documents.get(label)
        for unit in project.units.list(document=label):
            turn = _turn_of(document, unit.start)
            foreign = tuple(c for c in unit.codes if c not in below)
            if unit.id not in own_ids and turn and turn.id in own_turns and foreign:
                others.add((label, unit.line, unit.speaker, unit.start, unit.end, unit.text, foreign))
    people = {u.participant for u in own if u.participant}
    uncoded = set()
    for summary in project.documents.list():
        document = project.documents.get(summary.label)
        spans = [(u.start, u.end) for u in project.units.list(document=summary.label)]
        for turn in document.turns:
            start, end = turn.body_start, turn.end
            if turn.participant in people and not any(s < end and start < e for s, e in spans):
                text = document.text[start:end]
                text = text if len(text) <= 160 else text[:160].rsplit(" ", 1)[0] + " ..."
                uncoded.add((summary.label, document.text[:start].count("\n") + 1, turn.participant, start, end,
                             text))
    return others, uncoded


def _flat(nodes):
    for node in nodes:
        yield node
        yield from _flat(node.children)


def test_recontext_finds_what_the_slow_way_finds_and_cuts_at_the_limit(coded):
    for code in _flat(coded.codebook.tree()):
        if code.level == 0:
            continue
        found = coded.synthesizing.recontext(code.path)
        others, uncoded = _plain_recontext(coded, code.path)
        assert {(p.document, p.line, p.speaker, p.start, p.end, p.text, p.codes)
                for p in found.units_of_other_codes} == others
        assert {(p.document, p.line, p.speaker, p.start, p.end, p.text) for p in found.uncoded_turns} == uncoded
        assert (found.units_of_other_codes_total, found.uncoded_turns_total) == (len(others), len(uncoded))
        cut = coded.synthesizing.recontext(code.path, limit=1)
        assert cut.units_of_other_codes == found.units_of_other_codes[:1]
        assert cut.uncoded_turns == found.uncoded_turns[:1]
        assert (cut.units_of_other_codes_total, cut.uncoded_turns_total) == (len(others), len(uncoded))


def test_draft_quotes_leave_out_exactly_the_units_inside_others(coded):
    for group in coded.codebook.tree():
        for subgroup in group.children:
            if coded.synthesizing.get(subgroup.path).quotes:
                continue
            units = coded.units.list(code_path=subgroup.path)
            quotes = coded.synthesizing.quotes_for_export(subgroup.path)
            inside = {u.id for u in units if any(
                o.id != u.id and o.document == u.document and o.start <= u.start and u.end <= o.end
                and (o.start, o.end) != (u.start, u.end) for o in units)}
            assert {q.id for q in quotes} == {u.id for u in units} - inside
    assert any(len(coded.units.list(code_path=s.path)) > len(coded.synthesizing.quotes_for_export(s.path))
               for g in coded.codebook.tree() for s in g.children)  # the wide unit's inner cut is left out


def _spoken(document):
    """The document's text without its speaker labels (Moderator: is not a word anybody said)."""
    return without_labels(document.text, [(t.start, t.body_start) for t in document.turns])


def _plain_frequencies(project, by, top=20):
    """Word frequencies as the whole pipeline (spaCy tokenizer, sentencizer, simplemma) counts them."""
    from qualcode.nlp.pipeline import load_pipeline, stop_words

    language = project.language
    if by == "document":
        texts = [(d.label, _spoken(project.documents.get(d.label))) for d in project.documents.list()]
    else:
        groups = {p.label: p.attributes.get("gruppe") or "".join(ch for ch in p.label if ch.isalpha())
                  for p in project.participants.list() if p.turns}
        texts = []
        for summary in sorted(project.documents.list(), key=lambda d: d.id):  # turns in the order they were imported
            document = project.documents.get(summary.label)
            texts += [(groups.get(t.participant, t.participant), document.text[t.body_start:t.end])
                      for t in document.turns if t.participant]
    nlp = load_pipeline(language)
    stops = stop_words(language) | left_out(language)
    counts: dict[str, Counter] = {}
    for name, text in texts:
        counter = counts.setdefault(name, Counter())
        for token in nlp(_TRANSCRIBER_NOTES.sub(" ", text)):
            if token.is_alpha and len(token) > 1 and token.lower_ not in stops:
                lemma = (token.lemma_ or token.lower_).lower()
                if lemma not in stops:
                    counter[lemma] += 1
    return {name: counter.most_common(top) for name, counter in counts.items()}


def test_frequencies_match_the_whole_pipeline(coded):
    for by in ("document", "group"):
        for top in (3, 20):
            assert coded.impression.frequencies(by=by, top=top) == _plain_frequencies(coded, by, top)


@pytest.mark.parametrize("run_chars", [1 << 20, 60])
@pytest.mark.parametrize("helper", [True, False])
def test_lemmas_counted_beside_a_helper_process_or_in_this_one(coded, helper, run_chars, monkeypatch):
    from qualcode.nlp import frequencies

    monkeypatch.setattr(frequencies, "_RUN_CHARS", run_chars)  # a group's turns joined whole, or a few at a time
    monkeypatch.setattr(frequencies, "_SEND", 7)  # many small batches out while counting goes on
    monkeypatch.setattr(frequencies.Tally, "_ADD_UP", 25)  # a group's turns added up in many steps
    monkeypatch.setattr(frequencies.Tally, "_AT_MOST", 60)  # and the learning waited for now and then
    for by in ("document", "group"):
        expected = _plain_frequencies(coded, by, 15)
        names = {"document": [(d.label, _spoken(coded.documents.get(d.label))) for d in coded.documents.list()]}
        if by == "group":
            groups = {"K1": "Kommune", "K2": "Kommune", "K3": "Kommune", "H1": "Helseforetak"}
            names["group"] = [(groups[t.participant], coded.documents.get(d.label).text[t.body_start:t.end])
                              for d in sorted(coded.documents.list(), key=lambda d: d.id)
                              for t in coded.documents.get(d.label).turns if t.participant]
        texts = [(name, _TRANSCRIBER_NOTES.sub(" ", text)) for name, text in names[by]]
        with frequencies.LemmaCounter("nb", left_out("nb"), helper=helper) as counter:
            found = frequencies.most_common_lemmas(counter, texts, 15, names_come_back=by == "group")
        assert found == expected
        if helper:
            assert not counter._learner._process.is_alive()  # the helper went with the count


def test_frequencies_in_english_with_contractions_and_abbreviations(tmp_path):
    from qualcode.project import Project

    text = ("I: Don't you think so?\n\nP1: I can't say. We're gonna wait, e.g. for the GP's letter (...) "
            "and Mr. Smith's e-mail. It's self-evident:) U.S.-based services? No. [laughs] Well, we'll see.\n")
    source = tmp_path / "P1.txt"
    source.write_text(text * 3, encoding="utf-8")
    with Project.create(tmp_path / "en.qualcode", language="en") as project:
        project.documents.import_files([source])
        assert project.impression.frequencies(by="document") == _plain_frequencies(project, "document")
        assert project.impression.frequencies(by="group", top=50) == _plain_frequencies(project, "group", 50)


class _PlainBody(Body):
    """python-docx's own add_paragraph and add_heading: what the Word writer must match."""

    def paragraph(self, text="", style=None):
        return self.document.add_paragraph(text, style)

    def heading(self, text, level):
        return self.document.add_heading(text, level=level)


def test_word_writer_writes_what_python_docx_writes(coded, tmp_path, monkeypatch):
    coded.condensing.set("Samhandling/Varsling", text="Jeg får beskjed for sent.")
    coded.synthesizing.set("Samhandling/Varsling", heading="Beskjeden kommer sent", analytic_text="Første.\n\nAndre.")
    chapter = coded.chapter.build(ChapterOptions(number="5", appendix=True, body="both", show_source=True))
    assert sum(len(s.quotes) for g in chapter.sections for s in g.subsections) > 10
    write_docx(chapter, tmp_path / "fast.docx")
    monkeypatch.setattr("qualcode.export.docx_chapter.Body", _PlainBody)
    write_docx(chapter, tmp_path / "plain.docx")
    parts = []
    for name in ("fast.docx", "plain.docx"):
        with zipfile.ZipFile(tmp_path / name) as package:
            parts.append((package.read("word/document.xml"), package.read("word/styles.xml")))
    assert parts[0] == parts[1]


@pytest.fixture
def many_turns(project, tmp_path):
    """K1 speaks 60 times; one turn is coded, so 59 of K1's turns hold nothing coded."""
    lines = []
    for number in range(60):
        lines += [f"I: Spørsmål {number}?", "", f"K1: Svar nummer {number} om kommunen og pasientene.", ""]
    (tmp_path / "K1.txt").write_text("\n".join(lines), encoding="utf-8")
    project.documents.import_files([tmp_path / "K1.txt"])
    text = project.documents.get("K1").text
    start = text.index("Svar nummer 0 ")
    project.units.create("K1", start, start + 13, codes=["Samhandling/Svar"], create_codes=True)
    return project


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_recontext_lists_fifty_places_and_says_how_many_more(many_turns):
    path = str(many_turns.path)
    lines = _run("recontext", path, "Samhandling/Svar").splitlines()
    assert lines[1] == "59 turns of its participants with nothing coded"
    assert len([line for line in lines if line.startswith("  K1:")]) == 50
    assert lines[-1] == "  ... and 9 more (--all lists them all, --limit N shows N)"
    every = _run("recontext", path, "Samhandling/Svar", "--all").splitlines()
    assert len([line for line in every if line.startswith("  K1:")]) == 59 and "more" not in every[-1]
    three = _run("recontext", path, "Samhandling/Svar", "--limit", "3").splitlines()
    assert three[-4:-1] == every[2:5] and three[-1].startswith("  ... and 56 more")
    found = json.loads(_run("recontext", path, "Samhandling/Svar", "--json", "--limit", "5"))
    assert len(found["uncoded_turns"]) == 5 and found["uncoded_turns_total"] == 59
    assert found["units_of_other_codes"] == [] and found["units_of_other_codes_total"] == 0
    assert len(json.loads(_run("recontext", path, "Samhandling/Svar", "--json", "--all"))["uncoded_turns"]) == 59


def test_recontext_refuses_a_limit_below_one(many_turns):
    result = CliRunner().invoke(cli, ["recontext", str(many_turns.path), "Samhandling/Svar", "--limit", "0"])
    assert result.exit_code != 0 and "--limit" in result.output and "Traceback" not in result.output
