"""A search for words of letters only (kommune, samarbeid) runs without spaCy in the languages whose
tokenizer keeps such a word whole: the same hits, marked the same, as through spaCy's tokenizer."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from qualcode.nlp import search as search_module
from qualcode.nlp.lemma_dictionary import decoded_dictionary
from qualcode.nlp.pipeline import load_pipeline
from qualcode.project import Project

DEMO = Path(__file__).resolve().parent.parent / "corpora" / "demo-nb"
QUERIES = ["kommune", "samarbeid", "fastlegen", "DPS", "ringer", "helseforetak", "kommune samarbeid", "Tillit",
           "pasientene", "og", "møte", "ansvar", "utskrivning", "komm* samarbeid", "sykehuset"]


@pytest.mark.parametrize("language", sorted(search_module.PLAIN_WORD_LANGUAGES))
def test_the_tokenizer_keeps_a_word_of_letters_whole(language):
    tokenizer = load_pipeline(language).tokenizer
    splitting = [rule for rule, tokens in tokenizer.rules.items() if rule.isalpha() and
                 [t.get(65, rule) for t in tokens] != [rule]]  # 65: ORTH
    assert splitting == []
    forms = sorted(key.decode() for key in decoded_dictionary("nb" if language == "nn" else language))
    words = [w for w in random.Random(7).sample(forms, 4000) if w.isalpha()]
    for word in [*words, *(w.capitalize() for w in words), *(w.upper() for w in words[:500])]:
        assert [t.text for t in tokenizer(word)] == [word]


@pytest.mark.parametrize(("language", "word"), [("en", "cannot"), ("sv", "hörru")])
def test_languages_whose_tokenizer_splits_such_a_word_go_through_spacy(language, word):
    assert len(load_pipeline(language).tokenizer(word)) > 1
    assert language not in search_module.PLAIN_WORD_LANGUAGES


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("plain") / "demo.qualcode"
    with Project.create(path, language="nb", coder="tester") as project:
        project.documents.import_files(sorted(DEMO.glob("*.txt")))
    return path


def test_plain_words_give_the_hits_spacy_gives(demo, monkeypatch):
    with Project(demo) as project:
        plain = {query: project.documents.search(query, limit=200) for query in QUERIES}
        counted = {query: project.documents.count_hits(query) for query in QUERIES}
        monkeypatch.setattr(search_module, "PLAIN_WORD_LANGUAGES", frozenset())
        for query in QUERIES:
            assert project.documents.search(query, limit=200) == plain[query], query
            assert project.documents.count_hits(query) == counted[query], query
    assert sum(map(len, plain.values())) > 100  # the queries do find something


def test_a_search_for_plain_words_loads_no_spacy(demo):
    code = ("import sys\nfrom qualcode.project import Project\n"
            f"with Project({str(demo)!r}) as p:\n    hits = p.documents.search('kommune')\n"
            "print(len(hits), 'spacy' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert int(found[0]) > 0 and found[1] == "False"
    code = code.replace("'kommune'", "'sykehus-avdelingene'")  # a hyphen: spaCy's tokenizer cuts it
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert found[1] == "True"
