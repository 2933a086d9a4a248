"""Agreement between coders: per code and overall, percent agreement, Cohen's kappa, Krippendorff's alpha.

The items are the characters, sentences or turns of the documents that at least two of the compared
coders coded (two coders: the documents both coded); per code an item is coded or not by each coder,
and a sentence or turn counts as coded if any of its characters is. A coder who did not code a document
at all is missing there (alpha allows that), not "uncoded". Counts come from sorted spans and a sweep
over their edges (intervals.py), never from one array cell per character.
"""

from __future__ import annotations

import builtins
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations

from ..choices import AGREEMENT_UNITS as UNITS
from ..codebook.model import escape_name
from ..errors import NotFound, QualcodeError
from ..store import agreement as store
from ..store import codes as code_store
from ..store import documents as document_store
from .coefficients import Counts, Figure, cohens_kappa, krippendorff_alpha, mean, percent_agreement
from .intervals import Span, coverage, intersect, length, merged, subtract, to_items, touches

LEVELS = ("code group", "subgroup", "code")


@dataclass(frozen=True)
class Scope:
    """What is compared: whose coding, which codes, over which items."""

    coders: tuple[str, ...]
    code: str | None = None  # a code path: it and the codes below it; None: the whole codebook
    unit: str = "character"
    documents: tuple[str, ...] | None = None  # None: every document
    exclude_interviewer: bool = False  # leave the interviewer's turns out
    exclude_uncoded: bool = False  # leave out text no compared coder coded with any code

    def describe(self) -> str:
        parts = [f"{', '.join(self.coders)} by {self.unit}"]
        if self.code:
            parts.append(f"code {self.code}")
        if self.documents:
            parts.append(f"documents {', '.join(self.documents)}")
        if self.exclude_interviewer:
            parts.append("interviewer's turns left out")
        if self.exclude_uncoded:
            parts.append("uncoded text left out")
        return "; ".join(parts)


@dataclass(frozen=True)
class PairFigures:
    """Two coders on one code: their 2x2 table and what follows from it."""

    coders: tuple[str, str]
    counts: Counts
    percent_agreement: Figure
    kappa: Figure


@dataclass(frozen=True)
class CodeFigures:
    """One code (or a subgroup, a code group, or all codes pooled)."""

    path: str
    level: str  # code, subgroup, code group (these two: the union of their codes), or pooled
    items: int  # N: items judged by at least two coders (pooled: summed over the codes)
    pairs: tuple[PairFigures, ...]
    percent_agreement: Figure  # two coders: theirs; more: the mean over pairs
    kappa: Figure  # two coders: Cohen's; more: the mean of the pairwise kappas (Light's kappa)
    alpha: Figure  # Krippendorff's, nominal, over all coders (missing values allowed)

    @property
    def counts(self) -> Counts:
        """The 2x2 table of the first pair (with two coders, the only one)."""
        return self.pairs[0].counts


@dataclass(frozen=True)
class MeanFigures:
    """The plain mean of the per-code figures; a code whose figure is n/a is left out of that mean."""

    codes: int
    percent_agreement: Figure
    percent_agreement_codes: int
    kappa: Figure
    kappa_codes: int
    alpha: Figure
    alpha_codes: int


@dataclass(frozen=True)
class LeftOut:
    document: str
    reason: str


@dataclass(frozen=True)
class DoubleCoded:
    """How much of the selected corpus at least two of the compared coders coded."""

    documents: int
    documents_total: int
    characters: int
    characters_total: int
    share: float | None  # characters of the compared documents / characters of the selected ones


@dataclass(frozen=True)
class AgreementReport:
    scope: Scope
    documents: tuple[str, ...]  # the documents compared
    left_out: tuple[LeftOut, ...]  # selected, but coded by fewer than two of the coders
    double_coded: DoubleCoded
    codes: tuple[CodeFigures, ...]  # every code a compared coder used there, in codebook order
    subgroups: tuple[CodeFigures, ...]
    code_groups: tuple[CodeFigures, ...]
    pooled: CodeFigures  # the per-code tables stacked: every (item, code) one judgement
    mean: MeanFigures  # the mean of the per-code figures

    def pairwise_kappa(self) -> list[list[Figure | None]]:
        """Pooled Cohen's kappa of each pair of coders, as a matrix (None on the diagonal)."""
        coders = self.scope.coders
        matrix: list[list[Figure | None]] = [[None] * len(coders) for _ in coders]
        for pair in self.pooled.pairs:
            i, j = coders.index(pair.coders[0]), coders.index(pair.coders[1])
            matrix[i][j] = matrix[j][i] = pair.kappa
        return matrix


# The codebook, held in memory for paths, order and roll-ups

@dataclass
class Codebook:
    paths: dict[int, str] = field(default_factory=dict)
    levels: dict[int, int] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)  # depth first, in the codebook's order
    below: dict[int, list[int]] = field(default_factory=dict)  # a code and every code under it

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> Codebook:
        rows = code_store.all_codes(conn)  # ordered by position, id
        kids: dict[int | None, list[code_store.CodeRow]] = defaultdict(list)
        for row in rows:
            kids[row.parent_id].append(row)
        book = cls()

        def visit(row: code_store.CodeRow, prefix: str, level: int) -> list[int]:
            book.paths[row.id] = f"{prefix}{escape_name(row.name)}"  # as join_path writes it
            book.levels[row.id] = level
            book.order.append(row.id)
            under = [row.id]
            for child in kids.get(row.id, []):
                under += visit(child, f"{book.paths[row.id]}/", level + 1)
            book.below[row.id] = under
            return under

        for root in kids.get(None, []):
            visit(root, "", 0)
        return book

    def level_name(self, code_id: int) -> str:
        return LEVELS[min(self.levels[code_id], len(LEVELS) - 1)]


# The compared corpus: per document, the universe of items and each coder's spans in item numbers

@dataclass
class Compared:
    id: int
    label: str
    length: int
    present: int  # bit mask of the coders who coded this document (with any code)
    universe: list[Span]  # the items that count, as ranges of item numbers (characters: offsets)
    spans: list[dict[int, list[Span]]]  # per coder: code id -> merged spans in item numbers
    characters: list[dict[int, list[Span]]]  # per coder: code id -> merged spans in characters
    item_starts: list[int] | None = None  # sentences or turns; None: the items are characters
    item_ends: list[int] | None = None

    @property
    def size(self) -> int:
        """How many items count here."""
        return length(self.universe)

    def to_characters(self, span: Span) -> Span:
        if self.item_starts is None or self.item_ends is None:
            return span
        return self.item_starts[span[0]], self.item_ends[span[1] - 1]


@dataclass
class Corpus:
    scope: Scope
    codebook: Codebook
    in_scope: set[int]
    used: list[int]  # codes a compared coder used in the compared documents, in codebook order
    compared: list[Compared]
    left_out: list[LeftOut]
    double_coded: DoubleCoded


def load(conn: sqlite3.Connection, scope: Scope) -> Corpus:
    """Read the codings of the compared coders and lay them out by document, in item numbers."""
    coders = _check_coders(conn, scope)
    scope = replace(scope, coders=coders)
    if scope.unit not in UNITS:
        raise QualcodeError(f"the unit is one of: {', '.join(UNITS)} (not {scope.unit!r})")
    codebook = Codebook.read(conn)
    in_scope = set(codebook.order) if scope.code is None else set(codebook.below[_code_id(conn, scope.code)])
    selected = _selected_documents(conn, scope.documents)
    index = {name: i for i, name in enumerate(coders)}
    raw: dict[int, list[dict[int, list[Span]]]] = {}
    for row in store.coded_spans(conn, coders):
        if row.document_id in selected:
            per_coder = raw.setdefault(row.document_id, [defaultdict(list) for _ in coders])
            per_coder[index[row.coder]][row.code_id].append((row.start, row.end))
    compared_ids, left_out = [], []
    for document_id, size in selected.items():
        present = [i for i, codes in enumerate(raw.get(document_id, [{}] * len(coders))) if codes]
        if len(present) >= 2:
            compared_ids.append(document_id)
        elif size.length:
            who = "none of them" if not present else f"{coders[present[0]]} only"
            left_out.append(LeftOut(size.label, f"coded by {who}"))
    if not compared_ids:
        both = "both " + " and ".join(coders) if len(coders) == 2 else "at least two of " + ", ".join(coders)
        raise QualcodeError(f"no document was coded by {both}: nothing to compare")
    turns = store.turn_spans(conn, compared_ids)
    sentences = store.sentence_spans(conn, compared_ids) if scope.unit == "sentence" else {}
    compared = [_lay_out(selected[i], raw[i], scope, turns[i], sentences.get(i, [])) for i in compared_ids]
    used_ids = {k for doc in compared for per_code in doc.spans for k, spans in per_code.items() if spans}
    used = [k for k in codebook.order if k in used_ids and k in in_scope]
    if not used:
        what = scope.code or "any code"
        raise QualcodeError(f"none of {', '.join(coders)} used {what} in the documents compared: nothing to compare")
    characters, total = sum(d.length for d in compared), sum(s.length for s in selected.values())
    double = DoubleCoded(len(compared), len(selected), characters, total, characters / total if total else None)
    return Corpus(scope, codebook, in_scope, used, compared, left_out, double)


def _check_coders(conn: sqlite3.Connection, scope: Scope) -> tuple[str, ...]:
    coders = tuple(scope.coders)
    if len(coders) < 2:
        raise QualcodeError("compare at least two coders (--coders kari,ole)")
    twice = next((c for c in coders if coders.count(c) > 1), None)
    if twice:
        raise QualcodeError(f"coder {twice!r} is named twice")
    known = store.coders(conn)
    for coder in coders:
        if coder not in known:
            raise NotFound(f"{coder!r} has coded nothing in this project (coders: {', '.join(known) or 'none'})")
    return coders


def _code_id(conn: sqlite3.Connection, path: str) -> int:
    from ..codebook.edit import resolve

    return resolve(conn, path).id


def _selected_documents(conn: sqlite3.Connection, labels: Iterable[str] | None) -> dict[int, store.DocumentSize]:
    sizes = {size.id: size for size in store.document_sizes(conn)}
    if labels is None:
        return sizes
    by_key = document_store.ids_by_key(conn)
    chosen: dict[int, store.DocumentSize] = {}
    for label in labels:
        document_id = by_key.get(document_store.document_key(label))
        if document_id is None:
            raise NotFound(f"no document {label!r}")
        chosen[document_id] = sizes[document_id]
    return chosen


def _lay_out(size: store.DocumentSize, per_coder: list[dict[int, list[Span]]], scope: Scope,
             turns: list[tuple[int, int, str]], sentences: list[tuple[int, int]]) -> Compared:
    from ..ingest.turns import is_interviewer

    characters = [{k: merged(spans) for k, spans in codes.items()} for codes in per_coder]
    interviewer = merged((start, end) for start, end, speaker in turns if is_interviewer(speaker))
    present = sum(1 << i for i, codes in enumerate(per_coder) if codes)
    if scope.unit == "character":
        universe = [(0, size.length)] if size.length else []
        if scope.exclude_interviewer:
            universe = subtract(universe, interviewer)
        document = Compared(size.id, size.label, size.length, present, universe, characters, characters)
    else:
        items = sorted((s, e) for s, e in (sentences if scope.unit == "sentence" else [(s, e) for s, e, _ in turns])
                       if s < e)
        starts, ends = [s for s, _ in items], [e for _, e in items]
        kept = [(i, i + 1) for i, (s, e) in enumerate(items)
                if not (scope.exclude_interviewer and touches(interviewer, s, s + 1))]
        spans = [{k: to_items(v, starts, ends) for k, v in codes.items()} for codes in characters]
        document = Compared(size.id, size.label, size.length, present, merged(kept), spans, characters, starts, ends)
    if scope.exclude_uncoded:
        anything = merged(s for codes in document.spans for spans in codes.values() for s in spans)
        document.universe = intersect(document.universe, anything)
    return document


# Counting: per code, how many items each combination of coders coded

Tally = dict[tuple[int, int], int]  # (coders present, coders who coded it) as bit masks -> items


def tally(corpus: Corpus, code_ids: Iterable[int]) -> Tally:
    """Items by who judged them and who coded them with any of these codes (their union)."""
    wanted = list(code_ids)
    found: Tally = defaultdict(int)
    for document in corpus.compared:
        layers = []
        for codes in document.spans:
            chosen = [codes[k] for k in wanted if k in codes]
            layers.append(chosen[0] if len(chosen) == 1 else merged(s for spans in chosen for s in spans))
        if not any(layers):  # nobody used these codes here: every item is a "neither"
            found[(document.present, 0)] += document.size
            continue
        for mask, items in coverage(document.universe, layers).items():
            found[(document.present, mask)] += items
    return found


def figures(path: str, level: str, counted: Tally, coders: tuple[str, ...]) -> CodeFigures:
    pairs = []
    for a, b in combinations(range(len(coders)), 2):
        cells = [0, 0, 0, 0]  # both, first only, second only, neither
        for (present, coded), items in counted.items():
            if present >> a & 1 and present >> b & 1:
                cells[(0 if coded >> a & 1 else 2) + (0 if coded >> b & 1 else 1)] += items
        counts = Counts(*cells)
        pairs.append(PairFigures((coders[a], coders[b]), counts, percent_agreement(counts), cohens_kappa(counts)))
    judged: dict[tuple[int, int], int] = defaultdict(int)
    for (present, coded), items in counted.items():
        judged[(present.bit_count(), (coded & present).bit_count())] += items
    items = sum(n for (m, _), n in judged.items() if m >= 2)
    if len(pairs) == 1:
        agreement, kappa = pairs[0].percent_agreement, pairs[0].kappa
    else:
        agreement = _mean_over_pairs([p.percent_agreement for p in pairs])
        kappa = _mean_over_pairs([p.kappa for p in pairs])
    return CodeFigures(path, level, items, tuple(pairs), agreement, kappa, krippendorff_alpha(judged))


def _mean_over_pairs(values: builtins.list[Figure]) -> Figure:
    if any(v.value is None for v in values):
        reason = next(v.reason for v in values if v.value is None)
        return Figure(None, f"undefined for a pair of coders ({reason})")
    return mean(values)[0]


def agreement(conn: sqlite3.Connection, scope: Scope) -> AgreementReport:
    corpus = load(conn, scope)
    scope = corpus.scope
    coders = scope.coders
    book = corpus.codebook
    per_code: list[CodeFigures] = []
    pooled: Tally = defaultdict(int)
    for code_id in corpus.used:
        counted = tally(corpus, [code_id])
        for key, items in counted.items():
            pooled[key] += items
        per_code.append(figures(book.paths[code_id], "code", counted, coders))
    used = set(corpus.used)
    rollups: dict[int, list[CodeFigures]] = {0: [], 1: []}
    for code_id in book.order:
        level = book.levels[code_id]
        under = [k for k in book.below[code_id] if k in used]
        if level in rollups and code_id in corpus.in_scope and under:
            rollups[level].append(figures(book.paths[code_id], LEVELS[level], tally(corpus, under), coders))
    return AgreementReport(
        scope=scope,
        documents=tuple(d.label for d in corpus.compared), left_out=tuple(corpus.left_out),
        double_coded=corpus.double_coded, codes=tuple(per_code), subgroups=tuple(rollups[1]),
        code_groups=tuple(rollups[0]), pooled=figures("(all codes pooled)", "pooled", pooled, coders),
        mean=_mean_of(per_code),
    )


def _mean_of(per_code: list[CodeFigures]) -> MeanFigures:
    agreement, agreement_codes = mean(c.percent_agreement for c in per_code)
    kappa, kappa_codes = mean(c.kappa for c in per_code)
    alpha, alpha_codes = mean(c.alpha for c in per_code)
    return MeanFigures(len(per_code), agreement, agreement_codes, kappa, kappa_codes, alpha, alpha_codes)

