"""What a chunk of text adds to word frequencies: its tokens' lemmas, stop words left out.

The chunks are cut by the tokenizer's own rules (chunk_tokenizer.py) or, where a special case is
involved, by the tokenizer itself; the lemmas are the pipeline's (simplemma through lemma_of). This is
the half of counting words that needs spaCy: it runs in a helper process beside the counting
(frequencies.Helper) or in the same process.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from spacy.attrs import IS_ALPHA, IS_SPACE, LENGTH, LOWER

from .chunk_tokenizer import ChunkTokenizer
from .keys import lemma_of
from .pipeline import load_pipeline, stop_words

_BATCH = 5_000  # chunks handed to the tokenizer per call
_stop_words_of = cache(stop_words)  # it builds a blank Language to read them: once per process is enough


class ChunkLemmas:
    """left_out: words never counted besides spaCy's stop words (which stop_words=False counts too)."""

    def __init__(self, language: str, left_out: frozenset[str], *, stop_words: bool = True) -> None:
        nlp = load_pipeline(language)
        self._tokenizer: Any = nlp.tokenizer
        self._chunk_tokenizer = ChunkTokenizer(self._tokenizer)
        getters: Any = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # set by spaCy, untyped
        self._is_alpha, self._lower = getters[IS_ALPHA], getters[LOWER]
        self._strings = nlp.vocab.strings
        self._language = language
        # the loaded pipeline's own list, when it has one (Nynorsk's is empty: stop_words lends bokmål's)
        spacys = (frozenset(nlp.Defaults.stop_words) or _stop_words_of(language)) if stop_words else frozenset()
        self._stops = spacys | left_out
        self._lemma_of_lower: dict[str, str | None] = {}

    def of(self, chunks: list[str]) -> list[tuple[str, ...]]:
        """The lemmas each chunk adds, in order: those of its alphabetic tokens longer than a letter."""
        found: list[tuple[str, ...]] = []
        hard: list[int] = []
        is_alpha, lower = self._is_alpha, self._lower
        for index, chunk in enumerate(chunks):
            tokens = self._chunk_tokenizer.tokens(chunk)
            if tokens is None:
                hard.append(index)
                found.append(())
            else:
                found.append(self._counted([(is_alpha(token), len(token), lower(token)) for token in tokens]))
        for start in range(0, len(hard), _BATCH):
            batch = hard[start:start + _BATCH]
            for index, lemmas in zip(batch, self._tokenized([chunks[i] for i in batch]), strict=True):
                found[index] = lemmas
        return found

    def _tokenized(self, chunks: list[str]) -> list[tuple[str, ...]]:
        """The tokenizer itself, on chunks with a line break between two (the break a token of its own)."""
        doc = self._tokenizer("\n".join(chunks))
        found: list[tuple[str, ...]] = []
        tokens: list[tuple[bool, int, str]] = []
        strings = self._strings
        for space, alpha, length, lower in doc.to_array([IS_SPACE, IS_ALPHA, LENGTH, LOWER]).tolist():
            if space:  # a chunk holds no whitespace, so this is the break between two
                found.append(self._counted(tokens))
                tokens = []
            else:
                tokens.append((bool(alpha), length, strings[lower]))
        found.append(self._counted(tokens))
        if len(found) != len(chunks):
            raise RuntimeError("the tokenizer cut a chunk at whitespace")
        return found

    def _counted(self, tokens: list[tuple[bool, int, str]]) -> tuple[str, ...]:
        return tuple(lemma for alpha, length, lower in tokens
                     if alpha and length > 1 and (lemma := self._lemma(lower)) is not None)

    def _lemma(self, lower: str) -> str | None:
        """A lower-cased word's lemma, or None for a stop word (the word or its lemma)."""
        if lower not in self._lemma_of_lower:
            lemma = None if lower in self._stops else (lemma_of(lower, self._language) or lower).lower()
            self._lemma_of_lower[lower] = None if lemma in self._stops else lemma
        return self._lemma_of_lower[lower]
