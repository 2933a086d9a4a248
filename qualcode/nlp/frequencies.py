"""The most frequent lemmas of many texts, with each distinct chunk of text tokenized once.

spaCy's tokenizer cuts text at whitespace and tokenizes each chunk between on its own (prefixes,
suffixes, infixes, special cases), so a chunk's tokens do not depend on where it stands. Each chunk of a
text is looked up by its string (str.split and dict look-ups, in C), and the lemmas are added up with
numpy: the counts that running the pipeline over every text gave, at a fraction of the cost (8 million
words hold some 170,000 distinct chunks). What a chunk not met before adds is found by chunk_lemmas.py,
in a helper process while the counting goes on (a second core), or in this one. Ties rank in the order
the lemmas were first met, as Counter.most_common ranks them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from array import array
from collections import deque
from collections.abc import Iterable
from itertools import repeat
from multiprocessing.connection import Connection
from typing import Any

import numpy

from ..forking import can_fork

_NO_LEMMA = -1  # what a chunk adds: a lemma id, nothing, or (-2 - i) for the i-th tuple of several
_SEND = 4_000  # new chunks gathered before they go to be learned
_RUN_CHARS = 1 << 20  # consecutive texts of one name joined up to this size
HELPER_FROM_WORDS = 1_000_000  # a corpus this big learns its chunks in a helper process
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


class LemmaCounter:
    """Counts lemmas as blank spaCy + simplemma see them, in the project language, spaCy's stop words
    (unless stop_words is False) and the words left_out left out.

    helper: learn new chunks in a helper process beside the counting (None: when there is a second core
    and words enough, HELPER_FROM_WORDS, to pay for starting one), and only where the helper can be forked
    (else in this process). Close it when done (a context manager)."""

    def __init__(self, language: str, left_out: frozenset[str], *, stop_words: bool = True,
                 helper: bool | None = None, words: int = 0) -> None:
        if helper is None:
            helper = (os.cpu_count() or 1) > 1 and words >= HELPER_FROM_WORDS
        # where it cannot be forked (threads run, as in the TUI) the learning stays in this process: spawn
        # re-imported spaCy in the helper (no faster) and needs a real sys.stderr, which the TUI replaces
        learner = _Helper if helper and can_fork() else _InProcess
        self._learner: _InProcess | _Helper = learner(language, left_out, stop_words)
        self._chunk_ids: dict[str, int] = {}
        self._unsent: list[str] = []  # new chunks, in the order of their ids, not yet sent to be learned
        self._sent = 0  # chunk ids sent to be learned
        self._learned = 0  # chunk ids whose lemmas are known
        self._adds = numpy.empty(1024, dtype=numpy.int64)  # chunk id -> what it adds (see _NO_LEMMA)
        self._several: list[tuple[int, ...]] = []
        self._lemma_ids: dict[str, int] = {}
        self.lemmas: list[str] = []  # lemma id -> lemma

    def __enter__(self) -> LemmaCounter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._learner.close()

    def tally(self) -> Tally:
        """A running count for one name (a document, a group), fed its texts in order."""
        return Tally(self)

    def chunk_ids(self, text: str) -> numpy.ndarray:
        """The id of each whitespace-separated chunk of the text, in order (new chunks get new ids)."""
        chunks = text.split()  # spaCy's own cut: any whitespace (str.isspace) separates chunks
        # one dict look-up per chunk, in C; a chunk not met before is entered as -1 and given its id below
        ids = numpy.array(array("i", map(self._chunk_ids.setdefault, chunks, repeat(-1))), dtype=numpy.int32)
        unknown = numpy.flatnonzero(ids < 0)
        if len(unknown):
            new = [chunks[i] for i in unknown]
            for chunk in dict.fromkeys(new):
                self._chunk_ids[chunk] = self._sent + len(self._unsent)
                self._unsent.append(chunk)
            ids[unknown] = [self._chunk_ids[chunk] for chunk in new]
        self._exchange(wait=False)
        return ids

    def learned(self, upto: int) -> bool:
        """The lemmas of chunk ids below upto are known."""
        return upto <= self._learned

    def wait_for(self, upto: int) -> None:
        while self._learned < upto:
            self._exchange(wait=True)

    def _exchange(self, *, wait: bool) -> None:
        """Take in what the learner finished, and hand it what waits (one batch out at a time)."""
        if self._learner.busy and (wait or self._learner.done()):
            self._take(self._learner.receive())
        if not self._learner.busy and self._unsent and (wait or len(self._unsent) >= _SEND):
            self._learner.send(self._unsent)
            self._sent += len(self._unsent)
            self._unsent = []

    def _take(self, found: list[tuple[str, ...]]) -> None:
        if self._learned + len(found) > len(self._adds):
            grown = numpy.empty(max(2 * len(self._adds), self._learned + len(found)), dtype=numpy.int64)
            grown[:self._learned] = self._adds[:self._learned]
            self._adds = grown
        for offset, lemmas in enumerate(found):
            ids = tuple(self._lemma_id(lemma) for lemma in lemmas)
            if not ids:
                adds = _NO_LEMMA
            elif len(ids) == 1:
                adds = ids[0]
            else:
                self._several.append(ids)
                adds = -2 - (len(self._several) - 1)
            self._adds[self._learned + offset] = adds
        self._learned += len(found)

    def _lemma_id(self, lemma: str) -> int:
        found = self._lemma_ids.get(lemma)
        if found is None:
            found = self._lemma_ids[lemma] = len(self.lemmas)
            self.lemmas.append(lemma)
        return found

    def expanded(self, ids: numpy.ndarray) -> numpy.ndarray:
        """The lemma ids these chunks add, in the order met (a chunk of several adds them in their order)."""
        adds = self._adds[ids]
        several = numpy.flatnonzero(adds <= -2)
        if not len(several):
            return adds[adds >= 0]
        # rare (self-evident, don't): such a chunk's lemmas take its place, in their order
        positions = [numpy.arange(len(adds), dtype=numpy.float64)]
        lemmas = [adds]
        for index in several:
            found = self._several[-2 - int(adds[index])]
            lemmas.append(numpy.array(found[1:], dtype=numpy.int64))
            positions.append(index + numpy.arange(1, len(found)) / len(found))
        every = numpy.concatenate(lemmas)
        every[several] = [self._several[-2 - int(adds[i])][0] for i in several]
        every = every[numpy.argsort(numpy.concatenate(positions), kind="stable")]
        return every[every >= 0]


class Tally:
    """The lemma counts of one name and where each lemma was first met, added up a batch of chunks at a time
    once their lemmas are known (kept as sorted arrays of the lemmas met: a thousand tallies stay small)."""

    _ADD_UP = 1 << 18  # chunks gathered before they are added up
    _AT_MOST = 1 << 20  # chunks gathered before the learning is waited for

    def __init__(self, counter: LemmaCounter) -> None:
        self._counter = counter
        self._pending: list[tuple[numpy.ndarray, int]] = []  # chunk ids, and 1 + the largest of them
        self._pending_size = 0
        # ids and counts in 32 bits: at times a thousand documents' tallies wait together for the learning
        self._lemmas = numpy.zeros(0, dtype=numpy.int32)  # the lemma ids met, sorted
        self._counts = numpy.zeros(0, dtype=numpy.int32)
        self._first = numpy.zeros(0, dtype=numpy.int64)  # where each was first met
        self._met = 0  # lemmas met so far

    def add(self, text: str) -> None:
        ids = self._counter.chunk_ids(text)
        if len(ids):
            self._pending.append((ids, int(ids.max()) + 1))
            self._pending_size += len(ids)
        if self._pending_size >= self._ADD_UP:
            self._add_up(self._ready_part())
        if self._pending_size >= self._AT_MOST:  # the learning lags: wait rather than hold it all
            self._counter.wait_for(max(upto for _, upto in self._pending))
            self._add_up(len(self._pending))

    def ready(self) -> bool:
        """Every chunk given to it has its lemmas known."""
        return self._ready_part() == len(self._pending)

    def most_common(self, top: int) -> list[tuple[str, int]]:
        """As Counter.most_common(top) of the lemmas: most first, a tie to the lemma met first."""
        if self._pending:
            self._counter.wait_for(max(upto for _, upto in self._pending))
        self._add_up(len(self._pending))
        if top <= 0 or not len(self._lemmas):
            return []
        order = numpy.lexsort((self._first, -self._counts))[:top]
        names = self._counter.lemmas
        return [(names[self._lemmas[i]], int(self._counts[i])) for i in order]

    def _ready_part(self) -> int:
        """How many of the pending texts, from the first on, have their lemmas known."""
        part = 0
        while part < len(self._pending) and self._counter.learned(self._pending[part][1]):
            part += 1
        return part

    def _add_up(self, part: int) -> None:
        """Add up the first `part` pending texts (their lemmas known)."""
        if not part:
            return
        taken, self._pending = self._pending[:part], self._pending[part:]
        self._pending_size -= sum(len(ids) for ids, _ in taken)
        ids = numpy.concatenate([ids for ids, _ in taken]) if len(taken) > 1 else taken[0][0]
        lemmas = self._counter.expanded(ids)
        if not len(lemmas):
            return
        unique, first, counts = numpy.unique(lemmas, return_index=True, return_counts=True)
        first += self._met
        self._met += len(lemmas)
        if len(self._lemmas):  # merge with what came before (a group's earlier turns)
            unique, inverse = numpy.unique(numpy.concatenate([self._lemmas, unique]), return_inverse=True)
            counts = numpy.bincount(inverse, weights=numpy.concatenate([self._counts, counts])).astype(numpy.int64)
            earliest = numpy.full(len(unique), numpy.iinfo(numpy.int64).max)
            numpy.minimum.at(earliest, inverse, numpy.concatenate([self._first, first]))
            first = earliest
        self._lemmas, self._counts, self._first = unique.astype(numpy.int32), counts.astype(numpy.int32), first


def most_common_lemmas(counter: LemmaCounter, texts: Iterable[tuple[str, str]], top: int, *,
                       names_come_back: bool = True) -> dict[str, list[tuple[str, int]]]:
    """name -> its top lemmas, for (name, text) pairs in order; names in the order first met.

    A name may come back (a group's turns) unless names_come_back is False (each document once): then
    a name's top lemmas are taken once the next name has come and its lemmas are known, and its counts
    let go."""
    tallies: dict[str, Tally] = {}
    done: deque[tuple[str, Tally]] = deque()  # names that will not come back, in order
    found: dict[str, list[tuple[str, int]]] = {}
    previous: str | None = None
    for name, text in _runs(texts):
        if not names_come_back and previous is not None and name != previous:
            done.append((previous, tallies.pop(previous)))
        tally = tallies.get(name)
        if tally is None:
            tally = tallies[name] = counter.tally()
        tally.add(text)
        previous = name
        while done and done[0][1].ready():
            finished, ready = done.popleft()
            found[finished] = ready.most_common(top)
    for finished, ready in [*done, *tallies.items()]:
        found[finished] = ready.most_common(top)
    return found  # filled in the order the names were first met


def _runs(texts: Iterable[tuple[str, str]]) -> Iterable[tuple[str, str]]:
    """Consecutive texts of one name as one (a group's turns one after another): a line break between
    them cuts the same chunks, and a tally's per-call cost is paid once a run, not once a turn."""
    name: str | None = None
    run: list[str] = []
    size = 0
    for next_name, text in texts:
        if run and (next_name != name or size >= _RUN_CHARS):
            yield name, "\n".join(run)  # type: ignore[misc]  # run is only filled once name is set
            run, size = [], 0
        name = next_name
        run.append(text)
        size += len(text)
    if run:
        yield name, "\n".join(run)  # type: ignore[misc]


class _InProcess:
    """The learner in this process: each batch is learned as it is sent."""

    def __init__(self, language: str, left_out: frozenset[str], stop_words: bool) -> None:
        from .chunk_lemmas import ChunkLemmas  # spaCy

        self._lemmas = ChunkLemmas(language, left_out, stop_words=stop_words)
        self._found: list[tuple[str, ...]] | None = None

    @property
    def busy(self) -> bool:
        return self._found is not None

    def send(self, chunks: list[str]) -> None:
        self._found = self._lemmas.of(chunks)

    def done(self) -> bool:
        return True

    def receive(self) -> list[tuple[str, ...]]:
        found, self._found = self._found or [], None
        return found

    def close(self) -> None:
        pass


class _Helper:
    """The learner in a forked helper process: one batch out at a time, so neither side ever waits on a full
    pipe."""

    def __init__(self, language: str, left_out: frozenset[str], stop_words: bool) -> None:
        context: Any = multiprocessing.get_context("fork")  # shares what is loaded (LemmaCounter checks it may)
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs, language, left_out, stop_words, os.getpid()),
                                        daemon=True, name="qualcode-frequencies")
        self._process.start()
        theirs.close()
        self.busy = False

    def send(self, chunks: list[str]) -> None:
        self._connection.send(chunks)
        self.busy = True

    def done(self) -> bool:
        return self._connection.poll()

    def receive(self) -> list[tuple[str, ...]]:
        try:
            kind, found = self._connection.recv()
        except EOFError:
            raise RuntimeError("the helper process counting words ended unexpectedly") from None
        self.busy = False
        if kind == "error":
            raise RuntimeError(f"counting words failed: {found}")
        return found

    def close(self) -> None:
        with contextlib.suppress(OSError):  # it may have gone already
            self._connection.send(None)
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
        self._connection.close()


def _serve(connection: Connection, language: str, left_out: frozenset[str], stop_words: bool, parent: int) -> None:
    """The helper process: the lemmas of each batch of chunks it is sent, until it is sent None."""
    _die_with(parent)
    from .chunk_lemmas import ChunkLemmas  # spaCy, loaded here only

    lemmas = ChunkLemmas(language, left_out, stop_words=stop_words)
    while True:
        try:
            chunks: Any = connection.recv()
        except EOFError:
            return
        if chunks is None:
            return
        try:
            connection.send(("found", lemmas.of(chunks)))
        except Exception as exc:  # told to the counting side, which raises it there
            connection.send(("error", f"{type(exc).__name__}: {exc}"))


def _die_with(parent: int) -> None:
    """The helper never outlives the command that started it (Linux: the kernel kills it)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)
