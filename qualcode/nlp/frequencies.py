"""The most frequent lemmas of many texts, with each distinct chunk of text tokenized once.

spaCy's tokenizer cuts text at whitespace and tokenizes each chunk between on its own (prefixes,
suffixes, infixes, special cases), so a chunk's tokens do not depend on where it stands. Counting the
chunks (str.split and Counter, in C), tokenizing each distinct one once and adding up per lemma with
numpy gives the counts that running the pipeline over every text gave, at a fraction of the cost:
8 million words hold some 170,000 distinct chunks. A chunk that is no special case and that no prefix,
suffix or infix rule cuts is one token, itself; it is recognised with the tokenizer's own rules, without
building a Doc. The lemmas are the pipeline's (simplemma through lemma_of). Ties rank in the order the
lemmas were first met, as Counter.most_common ranks them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

import numpy
from spacy.attrs import IS_ALPHA, IS_SPACE, LENGTH, LOWER

from .pipeline import lemma_of, load_pipeline

_NO_LEMMA = -1  # what a chunk adds: a lemma id, nothing, or (-2 - i) for the i-th tuple of several
_BATCH = 5_000  # chunks handed to the tokenizer per call


class LemmaCounter:
    """Counts lemmas (stop words left out) as blank spaCy + simplemma see them, in the project language."""

    def __init__(self, language: str, stops: frozenset[str]) -> None:
        nlp = load_pipeline(language)
        self._tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer: find_prefix, find_suffix, find_infix, rules
        getters: Any = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # set by spaCy, untyped
        self._is_alpha, self._lower = getters[IS_ALPHA], getters[LOWER]
        self._strings = nlp.vocab.strings
        self._language = language
        self._stops = stops
        self._chunk_ids: dict[str, int] = {}
        self._adds = numpy.empty(1024, dtype=numpy.int64)  # chunk id -> what it adds (see _NO_LEMMA)
        self._several: list[tuple[int, ...]] = []
        self._lemma_ids: dict[str, int] = {}
        self._lemmas: list[str] = []
        self._lemma_of_lower: dict[str, int] = {}

    def most_common(self, chunks: Counter[str], top: int) -> list[tuple[str, int]]:
        """The top lemmas of these chunk counts, as Counter.most_common(top) of the lemmas would have them."""
        unknown = set(chunks).difference(self._chunk_ids)  # a set minus a dict looks up its own members only
        if unknown:
            self._learn(list(unknown))
        if top <= 0 or not chunks:
            return []
        found = itemgetter(*chunks)(self._chunk_ids)  # every chunk's id in one call, in C
        ids = numpy.array(found if len(chunks) > 1 else [found], dtype=numpy.int64)
        adds = self._adds[ids]
        counts = numpy.fromiter(chunks.values(), dtype=numpy.int64, count=len(chunks))
        lemmas, counts = self._expanded(adds, counts)
        if not len(lemmas):
            return []
        unique, first, inverse = numpy.unique(lemmas, return_index=True, return_inverse=True)
        sums = numpy.bincount(inverse, weights=counts)
        order = numpy.lexsort((first, -sums))[:top]  # most first; a tie goes to the lemma met first
        return [(self._lemmas[unique[i]], int(sums[i])) for i in order]

    def _expanded(self, adds: numpy.ndarray, counts: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(lemma id, count) per lemma a chunk adds, in the order met; chunks adding nothing left out."""
        several = numpy.flatnonzero(adds <= -2)
        if not len(several):
            keep = adds >= 0
            return adds[keep], counts[keep]
        # rare (DPS-et, e-meldinger): such a chunk's lemmas take its place, in their order
        positions = [numpy.arange(len(adds), dtype=numpy.float64)]
        lemmas, weights = [adds], [counts]
        for index in several:
            found = self._several[-2 - int(adds[index])]
            lemmas.append(numpy.array(found[1:], dtype=numpy.int64))
            weights.append(numpy.full(len(found) - 1, counts[index]))
            positions.append(index + numpy.arange(1, len(found)) / len(found))
        all_lemmas, all_counts = numpy.concatenate(lemmas), numpy.concatenate(weights)
        all_lemmas[several] = [self._several[-2 - int(adds[i])][0] for i in several]
        order = numpy.argsort(numpy.concatenate(positions), kind="stable")
        all_lemmas, all_counts = all_lemmas[order], all_counts[order]
        keep = all_lemmas >= 0
        return all_lemmas[keep], all_counts[keep]

    def _learn(self, chunks: list[str]) -> None:
        """Tokenize chunks not met before."""
        hard = []
        for chunk in chunks:
            if self._one_token(chunk):
                self._remember(chunk, [(self._is_alpha(chunk), len(chunk), self._lower(chunk))])
            else:
                hard.append(chunk)
        for index in range(0, len(hard), _BATCH):
            self._tokenize(hard[index:index + _BATCH])

    def _one_token(self, chunk: str) -> bool:
        """The tokenizer leaves the chunk whole: no special case, and no suffix, prefix or infix rule cuts it."""
        tokenizer = self._tokenizer
        return (chunk not in tokenizer.rules and not tokenizer.find_suffix(chunk)
                and not tokenizer.find_prefix(chunk) and not tokenizer.find_infix(chunk))

    def _tokenize(self, chunks: list[str]) -> None:
        """The tokenizer itself, on chunks with a line break between two (the break a token of its own)."""
        doc = self._tokenizer("\n".join(chunks))
        tokens: list[tuple[bool, int, str]] = []
        position = 0
        strings = self._strings
        for space, alpha, length, lower in doc.to_array([IS_SPACE, IS_ALPHA, LENGTH, LOWER]).tolist():
            if space:  # a chunk holds no whitespace, so this is the break between two
                self._remember(chunks[position], tokens)
                tokens, position = [], position + 1
            else:
                tokens.append((bool(alpha), length, strings[lower]))
        self._remember(chunks[position], tokens)
        if position != len(chunks) - 1:
            raise RuntimeError("the tokenizer cut a chunk at whitespace")

    def _remember(self, chunk: str, tokens: list[tuple[bool, int, str]]) -> None:
        """What the chunk adds: the lemmas of its alphabetic tokens longer than a letter, no stop words."""
        lemmas = [lemma for alpha, length, lower in tokens if alpha and length > 1
                  and (lemma := self._lemma(lower)) != _NO_LEMMA]
        if not lemmas:
            adds = _NO_LEMMA
        elif len(lemmas) == 1:
            adds = lemmas[0]
        else:
            self._several.append(tuple(lemmas))
            adds = -2 - (len(self._several) - 1)
        chunk_id = len(self._chunk_ids)
        if chunk_id == len(self._adds):
            self._adds = numpy.concatenate([self._adds, numpy.empty(len(self._adds), dtype=numpy.int64)])
        self._adds[chunk_id] = adds
        self._chunk_ids[chunk] = chunk_id

    def _lemma(self, lower: str) -> int:
        """The id of a lower-cased word's lemma, or _NO_LEMMA for a stop word (the word or its lemma)."""
        found = self._lemma_of_lower.get(lower)
        if found is None:
            lemma = None if lower in self._stops else (lemma_of(lower, self._language) or lower).lower()
            if lemma is None or lemma in self._stops:
                found = _NO_LEMMA
            else:
                found = self._lemma_ids.setdefault(lemma, len(self._lemmas))
                if found == len(self._lemmas):
                    self._lemmas.append(lemma)
            self._lemma_of_lower[lower] = found
        return found


def most_common_lemmas(counter: LemmaCounter, texts: Iterable[tuple[str, str]], top: int, *,
                       gathered: bool = False) -> dict[str, list[tuple[str, int]]]:
    """name -> its top lemmas, for (name, text) pairs, names in the order first met.

    Each text is counted as it comes, unless gathered: then a name's chunks are gathered over all its
    texts first (a group has thousands of short texts, its turns) and turned into lemmas once."""
    if not gathered:
        return {name: counter.most_common(Counter(text.split()), top) for name, text in texts}
    chunks: dict[str, Counter[str]] = {}
    for name, text in texts:
        chunks.setdefault(name, Counter()).update(text.split())
    return {name: counter.most_common(found, top) for name, found in chunks.items()}
