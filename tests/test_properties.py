"""Offsets are code points of the stored text: every span slices it exactly, whatever the script."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.ingest.encoding import normalise
from qualcode.ingest.turns import find_turns
from qualcode.nlp.pipeline import load_pipeline, sentences
from qualcode.project import Project

SPEAKERS = st.sampled_from(["K1", "H2", "I", "Intervjuer", "Informant 3", "**K4:**"])
PIECES = list("abcæøåÆØÅ .,!?«»”—-") + ["e\u0301", "a\u030a", "👩‍⚕️", "🇳🇴", "שלום", "مرحبا", "\u200f", "\t", "\n"]
WORDS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join)
TURN = st.tuples(SPEAKERS, WORDS)


def _transcript(turns):
    lines = []
    for speaker, words in turns:
        label = speaker if speaker.startswith("**") else f"{speaker}:"
        lines.append(f"{label} {words}")
    return "\n\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(st.lists(TURN, min_size=1, max_size=8))
def test_turns_and_sentences_slice_the_text(turns):
    text = normalise(_transcript(turns))
    found = find_turns(text)
    nlp = load_pipeline("nb")
    for turn in found:
        assert 0 <= turn.start <= turn.body_start <= turn.end <= len(text)
        assert text[turn.start:turn.end] == text[turn.start:turn.end].rstrip()
    for sentence in sentences(nlp, text, "nb", {t.start: t.body_start for t in found}):
        piece = text[sentence.start:sentence.end]
        assert piece.strip() and "\n" not in piece
        assert sentence.lemmas


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TURN, min_size=1, max_size=5))
def test_stored_spans_slice_the_stored_text(turns):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.txt"
        source.write_text(_transcript(turns), encoding="utf-8")
        with Project.create(Path(folder) / "p.qualcode", language="nb", coder="t") as project:
            report = project.documents.import_files([source])
            if report.failed:  # whitespace-only text is refused, which is right
                assert "no text" in report.failed[0].reason
                return
            document = project.documents.get("doc")
            for turn in document.turns:
                assert document.text[turn.start:turn.end].lstrip("*").startswith(turn.speaker.strip("*:"))
            for start, end in project.documents.sentence_spans(document):
                assert document.text[start:end].strip() == document.text[start:end]
            for hit in project.documents.search("a*", limit=1000) if "a" in document.text.lower() else []:
                assert document.text[hit.start:hit.end] == hit.match


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(TURN, min_size=1, max_size=5), st.data())
def test_units_slice_the_stored_text(turns, data):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.txt"
        source.write_text(_transcript(turns), encoding="utf-8")
        with Project.create(Path(folder) / "p.qualcode", language="nb", coder="t") as project:
            if project.documents.import_files([source]).failed:
                return
            text = project.documents.get("doc").text
            start = data.draw(st.integers(0, len(text) - 1))
            end = data.draw(st.integers(start + 1, len(text)))
            unit_id = project.units.create("doc", start, end, codes=["Gruppe/Sub"], create_codes=True)
            (unit,) = project.units.get([unit_id])
            assert (unit.start, unit.end, unit.text) == (start, end, text[start:end])


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_any_text_gives_spans_inside_it(raw):
    text = normalise(raw)
    turns = find_turns(text)
    for turn in turns:
        assert 0 <= turn.start <= turn.body_start <= turn.end <= len(text)
    for sentence in sentences(load_pipeline("nb"), text, "nb", {t.start: t.body_start for t in turns}):
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start:sentence.end].strip() == text[sentence.start:sentence.end]
