"""spaCy pipelines per project language: blank + sentencizer + a simplemma lemmatizer component.

A trained spaCy pipeline is used instead when the project names one that is installed. Nothing is
ever downloaded: a missing pipeline is a clear error.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import QualcodeError
from ..languages import LANGUAGES
from .keys import _family, lemma_of

_MAX_CHUNK_CHARS = 100_000  # spaCy's limit is 1,000,000; paragraphs longer than this are split


@Language.factory("simplemma_lemmatizer", default_config={"lang": "nb"})
def make_simplemma_lemmatizer(nlp: Language, name: str, lang: str) -> SimplemmaLemmatizer:
    return SimplemmaLemmatizer(lang)


class SimplemmaLemmatizer:
    """Sets token.lemma from simplemma (dictionary lookup, no model, works offline).

    Works on whole arrays of string hashes: a Python loop over Token objects costs several times more.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._lemma_hash: dict[int, int] = {}  # hash of lower-cased form -> hash of its lemma

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        cache = self._lemma_hash
        lemmas = []
        for lower in doc.to_array(LOWER).tolist():
            lemma = cache.get(lower)
            if lemma is None:
                lemma = strings.add(lemma_of(strings[lower], self.lang))
                cache[lower] = lemma
            lemmas.append(lemma)
        column = numpy.array(lemmas, dtype="uint64").reshape(-1, 1)
        doc.from_array([LEMMA], column)  # type: ignore[arg-type]  # thinc's Ints2d is this very array type
        return doc


@dataclass(frozen=True)
class PipelineChoice:
    language: str
    trained: str | None = None


def load_pipeline(language: str, trained: str | None = None) -> Language:
    if language not in LANGUAGES:
        raise QualcodeError(f"unsupported language {language!r} (choose {', '.join(LANGUAGES)})")
    return _load(PipelineChoice(language, trained or None))


@lru_cache(maxsize=8)
def _load(choice: PipelineChoice) -> Language:
    if choice.trained:
        if not spacy.util.is_package(choice.trained):
            raise QualcodeError(
                f"spaCy pipeline {choice.trained!r} is not installed "
                "(install it with pip; qualcode never downloads models)"
            )
        nlp = spacy.load(choice.trained, exclude=["ner", "textcat"])
        if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
            nlp.add_pipe("sentencizer")
        return nlp
    nlp = spacy.blank(choice.language)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("simplemma_lemmatizer", config={"lang": choice.language})
    _BLANK[nlp] = (choice.language, {})
    return nlp


def stop_words(language: str) -> frozenset[str]:
    words = spacy.blank(language).Defaults.stop_words
    if not words and language == "nn":  # spaCy's Nynorsk has no list; bokmål's is close
        words = spacy.blank("nb").Defaults.stop_words
    return frozenset(words)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    lemmas: str  # space-separated search keys


def sentences(
    nlp: Language, text: str, language: str, label_ends: dict[int, int] | None = None, *, through_docs: bool = False
) -> list[Sentence]:
    """Sentence spans (code-point offsets into text) with their lemma keys, as nlp.pipe finds them.

    label_ends maps a turn's start to where its words begin, so speaker labels stay out. The blank pipeline's
    are worked out per distinct piece of text (blank_sentences.py) unless through_docs asks for its Docs.
    """
    chunks = list(_chunks(text, label_ends or {}))
    blank = None if through_docs else _blank_sentences(nlp, language)
    if blank is not None:
        spans = blank.spans([chunk for _, chunk in chunks], lambda whole: _spans_from_docs(nlp, whole, language))
    else:
        spans = _spans_from_docs(nlp, [chunk for _, chunk in chunks], language)
    result = []
    for (base, _), found in zip(chunks, spans, strict=True):
        dangling = None  # an opening bracket or quote mark the previous sentence ended on
        for sentence_start, sentence_end, lemmas in found:
            start, end = _trim(text, base + sentence_start, base + sentence_end)
            if dangling is not None:
                start, dangling = dangling, None
            # "talt? [" + "ler] Jeg" -> "talt?" + "[ler] Jeg"; a closing „…“ is not moved (no space before it)
            while end - 1 > start and text[end - 1] in _OPENERS and text[end - 2].isspace():
                end -= 1
                dangling = end
                end = _trim(text, start, end)[1]
            if end > start and lemmas:
                result.append(Sentence(start, end, lemmas))
    return result


def _spans_from_docs(nlp: Language, chunks: list[str], language: str) -> list[list[tuple[int, int, str]]]:
    """Each chunk's sentences as (start, end, the keys of its words) from the pipeline's own Docs."""
    keys = _KeyTable(nlp, language)
    found = []
    for doc in nlp.pipe(chunks, batch_size=256):
        rows = doc.to_array([LEMMA, LOWER, IS_PUNCT, IS_SPACE]).tolist()
        found.append([
            (sent.start_char, sent.end_char,
             " ".join([keys.key(lemma or lower) for lemma, lower, punct, space in rows[sent.start : sent.end]
                       if not punct and not space]))
            for sent in doc.sents] if len(doc) else [])
    return found


_OPENERS = "([{«“‘„‹"

# the blank pipelines _load made -> their lemmatizer's language, and a BlankSentences per query language
_BLANK: weakref.WeakKeyDictionary[Language, tuple[str, dict[str, Any]]] = weakref.WeakKeyDictionary()


def _blank_sentences(nlp: Language, language: str) -> Any:
    """The blank pipeline's sentences worked out per piece of text (None for any other pipeline)."""
    if nlp not in _BLANK:
        return None
    lemma_language, by_language = _BLANK[nlp]
    if language not in by_language:
        from .blank_sentences import BlankSentences

        def key_of_lower(lower: str) -> str:  # what SimplemmaLemmatizer and _KeyTable make of a word
            return _family((lemma_of(lower, lemma_language) or lower).lower(), language)

        by_language[language] = BlankSentences(nlp, key_of_lower)
    return by_language[language]


class _KeyTable:
    """String hash -> search key, so each distinct word is keyed once per run."""

    def __init__(self, nlp: Language, language: str) -> None:
        self.strings = nlp.vocab.strings
        self.language = language
        self.keys: dict[int, str] = {}

    def key(self, lemma_hash: int) -> str:
        found = self.keys.get(lemma_hash)
        if found is None:
            found = _family(self.strings[lemma_hash].lower(), self.language)
            self.keys[lemma_hash] = found
        return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding whitespace, so a proposed unit holds only words."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _chunks(text: str, label_ends: dict[int, int]):
    """Paragraphs (a sentence never crosses a line break), long ones split at whitespace."""
    position = 0
    for line in text.split("\n"):
        offset = label_ends.get(position, position) - position
        while offset < len(line):
            piece = line[offset : offset + _MAX_CHUNK_CHARS]
            if offset + _MAX_CHUNK_CHARS < len(line):
                cut = piece.rfind(" ")
                piece = piece[: cut + 1] if cut > 0 else piece
            if piece.strip():
                yield position + offset, piece
            offset += len(piece)
        position += len(line) + 1
