"""Where coders disagree, as a worklist to discuss: per code, each place and its kind, and which codes
each coder gave the same text (the code x code confusion table).

A place is where any compared coder coded the code, their spans joined where they overlap (in items:
two halves of one sentence are one place at sentence level). Its kind:
  - one coder only: one coder coded it, the other(s) gave it no code at all (three or more coders:
    some coders only, when more than one but not every one did);
  - different code: as above, but every coder who left this code out gave the text another code;
  - different extent: every coder coded it, over different items.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from ..choices import DIFFERENT_CODE, DIFFERENT_EXTENT, ONE_CODER, SOME_CODERS
from ..store import agreement as store
from .agreement import Compared, Corpus, Scope, load
from .intervals import Span, components, coverage, intersect, length, merged, touches

NONE = "(no code)"
_EXCERPT = 160


@dataclass(frozen=True)
class CoderSpans:
    """One coder at one place: their spans of the code (characters), or the codes they gave it instead."""

    coder: str
    spans: tuple[Span, ...]
    other_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Disagreement:
    code: str
    kind: str
    document: str
    start: int  # the place, in characters of the document
    end: int
    line: int
    items: int  # how many items of the place the coders judged differently
    coders: tuple[CoderSpans, ...]  # every coder who coded the document
    text: str  # the place's text, whitespace squashed, shortened

    @property
    def where(self) -> str:
        return f"{self.document}:{self.line}"


@dataclass(frozen=True)
class Confusion:
    """Items coded (row code) by the first coder and (column code) by the second; NONE: no code at all."""

    coders: tuple[str, str]
    codes: tuple[str, ...]  # row and column names, NONE last
    cells: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Worklist:
    scope: Scope
    disagreements: tuple[Disagreement, ...]
    confusion: tuple[Confusion, ...]  # one table per pair of coders

    def counts(self) -> dict[tuple[str, str], int]:
        """How many places per (code, kind)."""
        return dict(Counter((d.code, d.kind) for d in self.disagreements))


def disagreements(conn: sqlite3.Connection, scope: Scope) -> Worklist:
    corpus = load(conn, scope)
    found: list[Disagreement] = []
    texts: dict[int, str] = {}
    for code_id in corpus.used:
        for document in corpus.compared:
            for place in _places(corpus, document, code_id):
                text = texts.get(document.id)
                if text is None:
                    text = texts[document.id] = store.document_text(conn, document.id)
                found.append(_describe(corpus, document, code_id, place, text))
    return Worklist(corpus.scope, tuple(found), tuple(_confusions(corpus)))


@dataclass(frozen=True)
class _Place:
    kind: str
    span: Span  # in item numbers, inside the universe
    items: int
    other_codes: dict[int, tuple[int, ...]]  # coder -> the codes they gave it instead


def _places(corpus: Corpus, document: Compared, code_id: int) -> list[_Place]:
    present = [i for i in range(len(corpus.scope.coders)) if document.present >> i & 1]
    layers = [document.spans[i].get(code_id, []) for i in present]
    if not any(layers):
        return []
    everyone = (1 << len(present)) - 1
    places = []
    for start, end in components(layers):
        universe = intersect(document.universe, [(start, end)])
        if not universe:
            continue
        counted = coverage(universe, layers)
        differ = sum(n for mask, n in counted.items() if mask not in (0, everyone))
        if not differ:
            continue
        coded = [any(mask >> bit & 1 for mask in counted if counted[mask]) for bit in range(len(present))]
        bounds = (universe[0][0], universe[-1][1])
        if all(coded):
            places.append(_Place(DIFFERENT_EXTENT, bounds, differ, {}))
            continue
        instead = {present[bit]: _other_codes(corpus, document, present[bit], code_id, universe)
                   for bit, did in enumerate(coded) if not did}
        kind = DIFFERENT_CODE if all(instead.values()) else ONE_CODER if sum(coded) == 1 else SOME_CODERS
        places.append(_Place(kind, bounds, differ, instead))
    return places


def _other_codes(corpus: Corpus, document: Compared, coder: int, code_id: int, universe: list[Span]) -> tuple[int, ...]:
    return tuple(k for k in corpus.used if k != code_id and k in document.spans[coder]
                 and any(touches(document.spans[coder][k], s, e) for s, e in universe))


def _describe(corpus: Corpus, document: Compared, code_id: int, place: _Place, text: str) -> Disagreement:
    paths = corpus.codebook.paths
    start, end = document.to_characters(place.span)
    who = []
    for i, coder in enumerate(corpus.scope.coders):
        if document.present >> i & 1:
            spans = tuple(s for s in document.characters[i].get(code_id, []) if s[0] < end and s[1] > start)
            who.append(CoderSpans(coder, spans, tuple(paths[k] for k in place.other_codes.get(i, ()))))
    # a coder's span may reach past the place's first or last item: show the whole of what they marked
    start = min([start, *(s for c in who for s, _ in c.spans)])
    end = max([end, *(e for c in who for _, e in c.spans)])
    excerpt = " ".join(text[start:end].split())
    if len(excerpt) > _EXCERPT:
        excerpt = excerpt[:_EXCERPT - 1].rstrip() + "…"
    return Disagreement(paths[code_id], place.kind, document.label, start, end, text.count("\n", 0, start) + 1,
                        place.items, tuple(who), excerpt)


def _confusions(corpus: Corpus) -> list[Confusion]:
    coders = corpus.scope.coders
    names = [corpus.codebook.paths[k] for k in corpus.used] + [NONE]
    position = {k: i for i, k in enumerate(corpus.used)}
    none = len(corpus.used)
    tables = []
    for a, b in combinations(range(len(coders)), 2):
        cells = [[0] * len(names) for _ in names]
        for document in corpus.compared:
            if document.present >> a & 1 and document.present >> b & 1:
                _confuse(document, document.spans[a], document.spans[b], position, none, cells)
        tables.append(Confusion((coders[a], coders[b]), tuple(names), tuple(tuple(row) for row in cells)))
    return tables


def _confuse(document: Compared, first: dict[int, list[Span]], second: dict[int, list[Span]],
             position: dict[int, int], none: int, cells: list[list[int]]) -> None:
    universe = document.universe
    mine = {k: intersect(v, universe) for k, v in first.items() if k in position}
    theirs = {k: intersect(v, universe) for k, v in second.items() if k in position}
    any_mine = merged(s for v in mine.values() for s in v)
    any_theirs = merged(s for v in theirs.values() for s in v)
    for k, spans in mine.items():
        for other, their_spans in theirs.items():
            cells[position[k]][position[other]] += length(intersect(spans, their_spans))
        cells[position[k]][none] += length(spans) - length(intersect(spans, any_theirs))
    for other, their_spans in theirs.items():
        cells[none][position[other]] += length(their_spans) - length(intersect(their_spans, any_mine))
    cells[none][none] += length(universe) - length(merged([*any_mine, *any_theirs]))
