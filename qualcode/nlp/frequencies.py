"""The most frequent lemmas of many texts, with each distinct chunk of text tokenized once.

spaCy's tokenizer cuts text at whitespace and tokenizes each chunk between on its own (prefixes,
suffixes, infixes, special cases), so a chunk's tokens do not depend on where it stands. Each chunk of a
text is looked up by its string (str.split and dict look-ups in C), a chunk not met before is tokenized
once, and the lemmas are added up with numpy: the counts that running the pipeline over every text gave,
at a fraction of the cost (8 million words hold some 170,000 distinct chunks). A chunk is cut by
the tokenizer's own rules without building a Doc (chunk_tokenizer.py), by the tokenizer itself where a
special case is involved. The lemmas are the pipeline's (simplemma through
lemma_of). Ties rank in the order the lemmas were first met, as Counter.most_common ranks them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import repeat
from typing import Any

import numpy
from spacy.attrs import IS_ALPHA, IS_SPACE, LENGTH, LOWER

from .chunk_tokenizer import ChunkTokenizer
from .pipeline import lemma_of, load_pipeline

_NO_LEMMA = -1  # what a chunk adds: a lemma id, nothing, or (-2 - i) for the i-th tuple of several
_BATCH = 5_000  # chunks handed to the tokenizer per call


class LemmaCounter:
    """Counts lemmas (stop words left out) as blank spaCy + simplemma see them, in the project language."""

    def __init__(self, language: str, stops: frozenset[str]) -> None:
        nlp = load_pipeline(language)
        self._tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer
        self._chunk_tokenizer = ChunkTokenizer(self._tokenizer)
        getters: Any = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # set by spaCy, untyped
        self._is_alpha, self._lower = getters[IS_ALPHA], getters[LOWER]
        self._strings = nlp.vocab.strings
        self._language = language
        self._stops = stops
        self._chunk_ids: dict[str, int] = {}
        self._learned = 0
        self._adds = numpy.empty(1024, dtype=numpy.int64)  # chunk id -> what it adds (see _NO_LEMMA)
        self._several: list[tuple[int, ...]] = []
        self._lemma_ids: dict[str, int] = {}
        self._lemmas: list[str] = []
        self._lemma_of_lower: dict[str, int] = {}

    def tally(self) -> Tally:
        """A running count for one name (a document, a group), fed its texts in order."""
        return Tally(self)

    def chunk_ids(self, text: str) -> numpy.ndarray:
        """The id of each whitespace-separated chunk of the text, in order; new chunks are tokenized."""
        chunks = text.split()  # spaCy's own cut: any whitespace (str.isspace) separates chunks
        # one dict look-up per chunk, in C; a chunk not met before is entered as -1 and learned below
        ids = numpy.array(array("q", map(self._chunk_ids.setdefault, chunks, repeat(-1))), dtype=numpy.int64)
        unknown = numpy.flatnonzero(ids < 0)
        if len(unknown):
            new = [chunks[i] for i in unknown]
            try:
                self._learn(list(dict.fromkeys(new)))
            except BaseException:
                for chunk in new:  # never leave a chunk entered as -1
                    if self._chunk_ids.get(chunk) == -1:
                        del self._chunk_ids[chunk]
                raise
            ids[unknown] = [self._chunk_ids[chunk] for chunk in new]
        return ids

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
        """Tokenize chunks not met before: by the tokenizer's rules, or where only it can say, by itself."""
        hard = []
        is_alpha, lower = self._is_alpha, self._lower
        for chunk in chunks:
            tokens = self._chunk_tokenizer.tokens(chunk)
            if tokens is None:
                hard.append(chunk)
            else:
                self._remember(chunk, [(is_alpha(token), len(token), lower(token)) for token in tokens])
        for index in range(0, len(hard), _BATCH):
            self._tokenize(hard[index:index + _BATCH])

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
        chunk_id = self._learned  # not len(_chunk_ids): the chunks being learned are in it already, as -1
        self._learned += 1
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


class Tally:
    """The lemma counts of one name and where each lemma was first met, added up a batch of chunks at a time
    (kept as sorted arrays of the lemmas met: a thousand documents' tallies stay small)."""

    _FLUSH = 1 << 18  # chunks gathered before they are added up

    def __init__(self, counter: LemmaCounter) -> None:
        self._counter = counter
        self._pending: list[numpy.ndarray] = []
        self._pending_size = 0
        self._lemmas = numpy.zeros(0, dtype=numpy.int64)  # the lemma ids met, sorted
        self._counts = numpy.zeros(0, dtype=numpy.int64)
        self._first = numpy.zeros(0, dtype=numpy.int64)  # where each was first met
        self._met = 0  # lemmas met so far

    def add(self, text: str) -> None:
        ids = self._counter.chunk_ids(text)
        self._pending.append(ids)
        self._pending_size += len(ids)
        if self._pending_size >= self._FLUSH:
            self._add_up()

    def most_common(self, top: int) -> list[tuple[str, int]]:
        """As Counter.most_common(top) of the lemmas: most first, a tie to the lemma met first."""
        self._add_up()
        if top <= 0 or not len(self._lemmas):
            return []
        order = numpy.lexsort((self._first, -self._counts))[:top]
        names = self._counter._lemmas
        return [(names[self._lemmas[i]], int(self._counts[i])) for i in order]

    def _add_up(self) -> None:
        if not self._pending:
            return
        ids = numpy.concatenate(self._pending) if len(self._pending) > 1 else self._pending[0]
        self._pending, self._pending_size = [], 0
        counter = self._counter
        lemmas, weights = counter._expanded(counter._adds[ids], numpy.ones(len(ids), dtype=numpy.int64))
        if not len(lemmas):
            return
        unique, first, inverse = numpy.unique(lemmas, return_index=True, return_inverse=True)
        sums = numpy.bincount(inverse, weights=weights).astype(numpy.int64)
        first += self._met
        self._met += len(lemmas)
        if len(self._lemmas):  # merge with what came before (a group's earlier turns)
            unique, inverse = numpy.unique(numpy.concatenate([self._lemmas, unique]), return_inverse=True)
            sums = numpy.bincount(inverse, weights=numpy.concatenate([self._counts, sums])).astype(numpy.int64)
            earliest = numpy.full(len(unique), numpy.iinfo(numpy.int64).max)
            numpy.minimum.at(earliest, inverse, numpy.concatenate([self._first, first]))
            first = earliest
        self._lemmas, self._counts, self._first = unique, sums, first


def most_common_lemmas(counter: LemmaCounter, texts: Iterable[tuple[str, str]], top: int, *,
                       names_come_back: bool = True) -> dict[str, list[tuple[str, int]]]:
    """name -> its top lemmas, for (name, text) pairs in order; names in the order first met.

    A name may come back (a group's turns) unless names_come_back is False (each document once): then
    a name's top lemmas are taken as soon as the next name comes, and its counts let go."""
    tallies: dict[str, Tally] = {}
    found: dict[str, list[tuple[str, int]]] = {}
    previous: str | None = None
    for name, text in texts:
        if not names_come_back and previous is not None and name != previous:
            found[previous] = tallies.pop(previous).most_common(top)
        tally = tallies.get(name)
        if tally is None:
            tally = tallies[name] = counter.tally()
        tally.add(text)
        previous = name
    for name, tally in tallies.items():
        found[name] = tally.most_common(top)
    return found  # filled in the order the names were first met
