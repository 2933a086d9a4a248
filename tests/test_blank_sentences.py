"""The blank pipeline's sentences worked out per piece of text are exactly those of its own Docs."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.ingest.readers import read_document
from qualcode.ingest.turns import find_turns
from qualcode.languages import LANGUAGES
from qualcode.nlp.blank_sentences import BlankSentences
from qualcode.nlp.keys import search_key
from qualcode.nlp.pipeline import _blank_sentences, load_pipeline, sentences

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

# what a line can hold: words, every kind of punctuation the sentencizer and the tokenizer's rules and
# special cases look at (abbreviations, emoticons, quotes, brackets), digits, other white space
PIECES = [
    "kommunen", "Kommunen", "samarbeidet", "DPS-et", "e-meldinger", "æøå", "ÆØÅ", "Straße", "don't", "it's",
    "the", "I", "a", "i", ".", ",", "!", "?", "...", "…", ":", ";", "-", "—", "(", ")", "[", "]", "«", "»", "“",
    "”", "„", "\"", "'", "’", "/", "*", "f.eks.", "F.eks.", "bl.a.", "osv.", "kl.", "dvs.", "ca.", "Dr.", "a.m.",
    "e.g.", "z.B.", "Nr.", ":)", ":-)", ";)", "(:", "-_-", "^_^", "<3", "8)", "1.2", "12:30", "2024", "3.",
    "http://example.no/side", "kari@example.no", "🇳🇴", "👩‍⚕️", "\u00ad", "\u200b", "e\u0301", "Ö", "ß",
    " ", " ", " ", " ", " ", "  ", "\t", "\u00a0", "\u2009", "\u3000",
]
LINE = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)
TEXT = st.lists(LINE, min_size=1, max_size=6).map("\n".join)


def _both(language: str, text: str, label_ends: dict[int, int] | None = None):
    nlp = load_pipeline(language)
    return (sentences(nlp, text, language, label_ends),
            sentences(nlp, text, language, label_ends, through_docs=True))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(LANGUAGES)), TEXT)
def test_any_text_gives_the_sentences_and_keys_of_the_docs(language, text):
    fast, through_docs = _both(language, text)
    assert fast == through_docs


# lines where a special case's pattern runs across a space: spaCy's matcher then leaves a special case
# inside a piece uncut (here `=)`, `:-P`, `:(`), which the piece on its own would have made one token
ACROSS_SPACES = [
    ("nb", "[ =)m.v."), ("nb", "[ :>stip. >:o<space>"), ("nb", "mar.] =[^___^:1 ]="), ("sv", "( =)v."),
    ("sv", "e.d>:( (ಠ_ಠ)d.v.s. f.d"), ("de", "CDU/CSU hinter'm [ :-P:}"), ("de", "bzgl. ) :-X>.>"),
    ("da", "Overs.:-( =]Begr. Litt."), ("nn", "<333:-(( =/:>"),
    ("nb", "Hei : ) du ( : og ; ) så . . . a. m. e. g. f. eks. bl. a. ok\nNr . 3 og z. B. - _ - ^ _ ^ < 3 ."),
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(LANGUAGES)), st.data())
def test_special_cases_glued_together_or_apart(language, data):
    rules = sorted(load_pipeline(language).tokenizer.rules)
    words = data.draw(st.lists(st.sampled_from([*rules, *".,!?:;()[]\"'-", "Hei", "ja", "x", "a"]), min_size=1,
                               max_size=8))
    glue = data.draw(st.lists(st.sampled_from(["", " "]), min_size=len(words), max_size=len(words)))
    text = "".join(g + w for g, w in zip(glue, words, strict=True))
    fast, through_docs = _both(language, text)
    assert fast == through_docs


@pytest.mark.parametrize(("language", "text"), ACROSS_SPACES)
def test_lines_a_special_case_joins_across_spaces(language, text):
    fast, through_docs = _both(language, text)
    assert fast == through_docs
    assert fast


def test_the_demo_corpora_and_real_world_transcripts(tmp_path):
    paths = sorted((ROOT / "corpora").rglob("*.txt"))
    realworld = ROOT.parent / "shared" / "realworld"
    if realworld.is_dir():
        paths += sorted(p for p in realworld.rglob("*") if p.suffix.lower() in {".txt", ".vtt", ".srt", ".md"})[:80]
    compared = 0
    for path in paths:
        language = "en" if "demo-en" in str(path) else "nb"
        try:
            raw = read_document(path, None, language)
        except Exception:  # refused files have no sentences to compare
            continue
        fast, through_docs = _both(language, raw.text, {t.start: t.body_start for t in raw.turns})
        assert fast == through_docs, path
        compared += 1
    assert compared >= 9


def test_synthetic_transcripts_the_second_time_from_the_table():
    from synthetic import transcript, vocabulary

    words, cumulative = vocabulary()
    rng = random.Random(5)
    texts = [transcript(rng, words, cumulative, 1500, number) for number in range(6)]
    nlp = load_pipeline("nb")
    for _ in range(2):  # first the pieces are learned, then looked up
        for text in texts:
            ends = {t.start: t.body_start for t in find_turns(text)}
            assert sentences(nlp, text, "nb", ends) == sentences(nlp, text, "nb", ends, through_docs=True)


def test_a_line_longer_than_a_chunk_and_one_without_stops():
    text = "K1: " + " ".join(["kommunene samarbeider"] * 30_000) + "\nI: ja\n\n\tK2:  ja   nei  "
    fast, through_docs = _both("nb", text, {0: 4})
    assert fast == through_docs


def test_only_the_blank_pipeline_is_worked_out_per_piece():
    nlp = load_pipeline("nb")
    assert isinstance(_blank_sentences(nlp, "nb"), BlankSentences)
    assert nlp.pipe_names == ["sentencizer", "simplemma_lemmatizer"]  # the pipeline itself is unchanged
    text = "K1: Kommunene samarbeider. Helseforetakene også!"
    found = sentences(nlp, text, "nb", {0: 4})
    assert [text[s.start:s.end] for s in found] == ["Kommunene samarbeider.", "Helseforetakene også!"]
    assert found[0].lemmas.split() == [search_key("Kommunene", "nb"), search_key("samarbeider", "nb")]
