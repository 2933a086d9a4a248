"""Search keys without spaCy: a word's lemma from simplemma, with noun and verb of one stem joined.

What the index holds for each word (pipeline.py's lemmatizer component and sentence keys use these), and
what a query word is looked up by, kept apart from spaCy so that a search for plain words loads none
(its import alone took most of a `qualcode search`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from . import lemma_dictionary

# Verb and noun of one stem meet in the index (samarbeide/samarbeid, arbeide/arbeid).
_DROPS_INFINITIVE_E = {"nb", "nn", "da"}


@cache
def _lemma_table(lang: str) -> dict[str, str]:
    return {}


def lemma_of(word: str, lang: str) -> str:
    """simplemma's lemma for a lower-cased word, memoised per language."""
    table = _lemma_table(lang)
    lemma = table.get(word)
    if lemma is None:
        lemma = lemma_dictionary.lemmatize(word, lang).lower()
        table[word] = lemma
    return lemma


def load_lemmas(lang: str) -> None:
    """Read simplemma's dictionary for the language now (it is read on the first word otherwise)."""
    lemma_of("og", lang)


@lru_cache(maxsize=200_000)
def _family(lemma: str, lang: str) -> str:
    if lang in _DROPS_INFINITIVE_E and len(lemma) > 4 and lemma.endswith("e"):
        stem = lemma[:-1]
        if lemma_dictionary.is_known(stem, lang):
            return stem
    return lemma


def search_key(word: str, lang: str) -> str:
    """The lemma-index key of a word: its lemma, with noun/verb pairs of one stem joined."""
    return _family(lemma_of(word.lower(), lang), lang)


KeyFunction = Callable[[str], str]


def key_function(language: str, trained: str | None = None) -> KeyFunction:
    """How a query word becomes an index key: simplemma, or the trained pipeline that did the indexing."""
    if not trained:
        return lambda word: search_key(word, language)
    from .pipeline import load_pipeline  # a trained pipeline did the indexing: only it knows its lemmas

    nlp = load_pipeline(language, trained)
    cache: dict[str, str] = {}

    def key(word: str) -> str:
        if word not in cache:
            doc = nlp(word)
            lemma = (doc[0].lemma_ if len(doc) else "") or word
            cache[word] = _family(lemma.lower(), language)
        return cache[word]

    return key
