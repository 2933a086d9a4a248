"""Lemma search, exact search, prefixes, and keyword-in-context hits."""

from __future__ import annotations

import pytest

from qualcode.nlp.keys import search_key
from qualcode.nlp.pipeline import load_pipeline, sentences


@pytest.fixture
def searchable(project, transcript):
    project.documents.import_files([transcript])
    return project


def _matched(project, query, **kwargs):
    return sorted({hit.match.lower() for hit in _all(project, query, **kwargs)})


def _all(project, query, **kwargs):
    hits = project.documents.search(query, **kwargs)
    # every sentence may hold several matches; collect them from the context too
    return hits


def test_lemma_search_finds_inflections_not_other_words(searchable):
    words = set()
    for hit in searchable.documents.search("kommune"):
        words.add(hit.match.lower())
        assert "kommunikasjon" not in hit.match.lower()
    assert {"kommunen", "kommunens"} <= words
    texts = " ".join(h.left + h.match + h.right for h in searchable.documents.search("kommune"))
    assert "kommunene" in texts
    assert not any("Kommunikasjonen går" in h.left + h.match + h.right for h in searchable.documents.search("kommune"))


def test_samarbeid_bridges_noun_and_verb_lemmas(searchable):
    hits = searchable.documents.search("samarbeid")
    found = {h.match.lower() for h in hits}
    assert "samarbeidet" in found
    contexts = " ".join(h.left + h.match + h.right for h in hits)
    assert "samarbeidene" in contexts.lower() and "samarbeidets" in contexts.lower()
    assert "samarbeidsmøtet" not in found


def test_exact_finds_only_the_word(searchable):
    hits = searchable.documents.search("kommunen", exact=True)
    assert hits and all(h.match.lower() == "kommunen" for h in hits)
    assert not any("Kommunens folk" in h.left + h.match + h.right for h in hits)


def test_trailing_star_matches_compounds(searchable):
    hits = searchable.documents.search("samarbeids*")
    assert [h.match for h in hits] == ["samarbeidsmøtet"]


def test_hits_carry_document_speaker_and_line(searchable):
    (hit,) = searchable.documents.search("helseforetak", limit=5)[:1]
    document = searchable.documents.get(hit.document)
    assert document.text[hit.start:hit.end] == hit.match
    assert document.text.split("\n")[hit.line - 1].find(hit.match) >= 0
    assert hit.speaker in {"I", "K1"}


def test_norwegian_lemmas():
    assert search_key("kommunene", "nb") == search_key("kommunen", "nb") == "kommune"
    assert search_key("helseforetakene", "nb") == "helseforetak"
    assert search_key("kommunikasjon", "nb") != "kommune"


def test_pipeline_sets_lemmas_and_sentences():
    nlp = load_pipeline("nb")
    assert nlp.pipe_names == ["sentencizer", "simplemma_lemmatizer"]
    doc = nlp("Kommunene samarbeider. Helseforetakene også.")
    assert [t.lemma_ for t in doc if t.is_alpha][:1] == ["kommune"]
    text = "K1: Første setning. Andre setning!"
    found = sentences(nlp, text, "nb", {0: 4})
    assert [text[s.start:s.end] for s in found] == ["Første setning.", "Andre setning!"]
    text = "K1: Ærlig talt? [ler] Jeg vet det. Så er det greit. «Hva?» sa hun."
    found = sentences(nlp, text, "nb", {0: 4})
    assert [text[s.start:s.end] for s in found] == [
        "Ærlig talt?", "[ler] Jeg vet det.", "Så er det greit.", "«Hva?»", "sa hun."]


def test_missing_trained_pipeline_is_a_clear_error(project):
    from qualcode.errors import QualcodeError

    with pytest.raises(QualcodeError, match="never downloads"):
        project.use_trained_pipeline("nb_core_news_sm")


def test_empty_query_is_refused(searchable):
    from qualcode.errors import QualcodeError

    with pytest.raises(QualcodeError):
        searchable.documents.search("  «» ")


def test_a_trained_pipeline_indexes_and_answers_queries(project, transcript, monkeypatch):
    """Stand-in for an installed trained pipeline: a blank one whose lemmatizer says 'ROT' for kommune*."""
    import spacy
    from spacy.language import Language

    from qualcode.nlp import pipeline

    @Language.component("test_rot_lemmatizer")
    def rot(doc):
        for token in doc:
            token.lemma_ = "rot" if token.lower_.startswith("kommun") and "kasjon" not in token.lower_ else token.lower_
        return doc

    def fake_load(name, exclude=()):
        nlp = spacy.blank("nb")
        nlp.add_pipe("test_rot_lemmatizer")
        return nlp

    monkeypatch.setattr(spacy.util, "is_package", lambda name: name == "nb_test_trained")
    monkeypatch.setattr(spacy, "load", fake_load)
    pipeline._load.cache_clear()
    try:
        project.use_trained_pipeline("nb_test_trained")
        assert project.trained_pipeline == "nb_test_trained"
        project.documents.import_files([transcript])
        assert search_key("kommunen", "nb") == "kommune"  # simplemma would say kommune ...
        hits = project.documents.search("kommunene")  # ... the trained pipeline says rot, for index and query alike
        assert {h.match.lower() for h in hits} >= {"kommunen", "kommunens"}
        assert project.documents.search("rot")  # the index holds the trained pipeline's lemmas
    finally:
        pipeline._load.cache_clear()


def test_participants_words_come_before_the_interviewers(searchable):
    hits = searchable.documents.search("samarbeid")
    speakers = [h.speaker for h in hits]
    assert "I" in speakers and "K1" in speakers
    assert speakers.index("I") > max(i for i, s in enumerate(speakers) if s == "K1")


def test_hyphenated_words_and_contractions_are_found_as_written(project, tmp_path):
    from qualcode.project import Project

    nb = tmp_path / "nb.txt"
    nb.write_text("K1: Sykehus-avdelingene ringer. NAV-kontorets svar kom sent.", encoding="utf-8")
    project.documents.import_files([nb])
    assert [h.match for h in project.documents.search("Sykehus-avdelingene")] == ["Sykehus-avdelingene"]
    assert [h.match for h in project.documents.search("NAV-kontorets")] == ["NAV-kontorets"]
    en = tmp_path / "en.txt"
    en.write_text("M1: We don't know. They couldn't say.", encoding="utf-8")
    with Project.create(tmp_path / "en.qualcode", language="en") as english:
        english.documents.import_files([en])
        assert len(english.documents.search("don't")) == 1 and len(english.documents.search("couldn't")) == 1


def test_a_closing_german_quote_stays_with_its_sentence():
    nlp = load_pipeline("de")
    text = "Er sagte „Ja.“ Dann ging er."
    assert "“ Dann" not in [text[s.start:s.end][:6] for s in sentences(nlp, text, "de")]
    assert text[sentences(nlp, text, "de")[0].start:].startswith("Er sagte „Ja.")
