"""Step 4, synthesis: headings that state findings, analytic text, quotes, and recontextualisation."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from ..codebook.edit import descendants, path_of, resolve
from ..errors import QualcodeError
from ..store import method as store
from ..store import units as unit_store
from ..store.changes import audited, now
from ..store.codes import all_codes, children
from .context import Context
from .step2_units import Unit, Units


@dataclass(frozen=True)
class Synthesis:
    code: str
    heading: str
    introduction: str
    analytic_text: str
    quotes: tuple[Unit, ...]  # explicitly chosen, in order
    checked_by: str | None
    checked_at: str | None


@dataclass(frozen=True)
class Passage:
    """A place to look for contradicting data during recontextualisation."""

    document: str
    line: int
    speaker: str
    start: int
    end: int
    text: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recontext:
    """The places, each list cut at the limit asked for; the totals say how many there are in all."""

    subgroup: str
    units_of_other_codes: tuple[Passage, ...]
    uncoded_turns: tuple[Passage, ...]
    checked_by: str | None
    checked_at: str | None
    units_of_other_codes_total: int
    uncoded_turns_total: int


@dataclass(frozen=True)
class SubgroupCount:
    subgroup: str
    participants: tuple[str, ...]
    total: int
    by_group: dict[str, tuple[int, int]] = field(default_factory=dict)  # group -> (contributing, in group)

    def phrase(self) -> str:
        return f"{len(self.participants)} of {self.total} informants"


class Synthesizing:
    def __init__(self, context: Context) -> None:
        self.context = context
        self.units = Units(context)

    def set(self, code_path: str, *, heading: str | None = None, analytic_text: str | None = None,
            introduction: str | None = None, quotes: list[int] | None = None) -> None:
        """Write the given parts; quotes alone are logged as what changed (an added, dropped or moved one)."""
        if quotes is not None and heading is None and analytic_text is None and introduction is None:
            before = self._quote_ids(code_path)
            self._write(code_path, quotes=quotes,
                        summary=lambda after: quotes_change(before, after, code_path))
            return
        self._write(code_path, heading=heading, analytic_text=analytic_text, introduction=introduction,
                    quotes=quotes, summary=lambda _: f"synthesis of {code_path}")

    def add_quote(self, code_path: str, unit_id: int) -> str:
        """The unit becomes the subgroup's last illustrative quote; returns what the log says."""
        quotes = self._quote_ids(code_path)
        if unit_id in quotes:
            raise QualcodeError(f"unit {unit_id} is a quote of {code_path} already")
        return self._write_quotes(code_path, [*quotes, unit_id], f"quote {unit_id} added to {code_path}")

    def drop_quote(self, code_path: str, unit_id: int) -> str:
        """The unit is no longer a quote (it stays a unit of the subgroup); returns what the log says."""
        quotes = self._quote_ids(code_path)
        if unit_id not in quotes:
            raise QualcodeError(f"unit {unit_id} is not a quote of {code_path}")
        if len(quotes) == 1:  # no quotes chosen means every unit is quoted: dropping the last would bring them all
            raise QualcodeError(f"quote {unit_id} is the only quote of {code_path}; add another before dropping it"
                                " (with none chosen the chapter quotes every unit)")
        quotes.remove(unit_id)
        return self._write_quotes(code_path, quotes, f"quote {unit_id} dropped from {code_path}")

    def move_quote(self, code_path: str, unit_id: int, step: int) -> str:
        """Move a quote `step` places (negative: earlier) in the chapter's order; returns what the log says."""
        quotes = self._quote_ids(code_path)
        if unit_id not in quotes:
            raise QualcodeError(f"unit {unit_id} is not a quote of {code_path}")
        here = quotes.index(unit_id)
        there = here + step
        if step == 0 or not 0 <= there < len(quotes):
            place = "first" if step < 0 else "last" if step > 0 else "where it is"
            raise QualcodeError(f"quote {unit_id} of {code_path} is {place} already")
        quotes.insert(there, quotes.pop(here))
        return self._write_quotes(code_path, quotes,
                                  f"quote {unit_id} moved {'earlier' if step < 0 else 'later'} in {code_path}")

    def _quote_ids(self, code_path: str) -> list[int]:
        """The quotes as the chapter has them now: the chosen ones, else its default list."""
        chosen = self.get(code_path).quotes
        return [u.id for u in chosen] if chosen else [u.id for u in self.quotes_for_export(code_path)]

    def _write_quotes(self, code_path: str, quotes: list[int], summary: str) -> str:
        self._write(code_path, quotes=quotes, summary=lambda _: summary)
        return summary

    def _write(self, code_path: str, *, heading: str | None = None, analytic_text: str | None = None,
               introduction: str | None = None, quotes: list[int] | None = None,
               summary: Callable[[list[int]], str]) -> None:
        conn, coder = self.context.conn, self.context.coder
        code = resolve(conn, code_path)
        if quotes is not None:
            if code.parent_id is None and quotes:
                raise QualcodeError(f"{code_path} is a code group: illustrative quotes belong to its subgroups")
            quotes = list(dict.fromkeys(quotes))  # a quote appears once, at its first place
        if quotes:
            members = set(unit_store.unit_ids_with_codes(conn, descendants(conn, code.id)))
            strangers = [q for q in quotes if q not in members]
            if strangers:
                raise QualcodeError(f"units {', '.join(map(str, strangers))} are not coded in {code_path}")
        existing = store.synthesis(conn, code.id)
        values = {k: v.strip() for k, v in (("heading", heading), ("analytic_text", analytic_text),
                                            ("introduction", introduction)) if v is not None}
        values.update(updated_at=now(), updated_by=coder)
        with audited(conn, coder, "synthesize", summary(quotes or [])) as writer:
            if existing:
                synthesis_id = existing.id
                writer.update("syntheses", synthesis_id, values)
            else:
                synthesis_id = writer.insert("syntheses", {"code_id": code.id, **values})
            if quotes is not None:
                for link in store.synthesis_quote_rows(conn, synthesis_id):
                    writer.delete("synthesis_quotes", link.id)
                for position, unit_id in enumerate(quotes):
                    writer.insert("synthesis_quotes", {"synthesis_id": synthesis_id, "unit_id": unit_id,
                                                       "position": position})

    def get(self, code_path: str) -> Synthesis:
        conn = self.context.conn
        code = resolve(conn, code_path)
        row = store.synthesis(conn, code.id)
        if row is None:
            return Synthesis(path_of(conn, code.id), "", "", "", (), None, None)
        quote_ids = [link.unit_id for link in store.synthesis_quote_rows(conn, row.id)]
        return Synthesis(path_of(conn, code.id), row.heading, row.introduction, row.analytic_text,
                         tuple(self.units.get(quote_ids)), row.checked_by, row.checked_at)

    def quotes_for_export(self, code_path: str) -> list[Unit]:
        """The chosen quotes in order; with none chosen, every unit with the golden nugget first.

        A unit whose words were all deleted (collapsed, waiting for review) is never a quote."""
        chosen = self.get(code_path).quotes
        if chosen:
            return [u for u in chosen if not u.collapsed]
        conn = self.context.conn
        code = resolve(conn, code_path)
        units = [u for u in self.units.list(code_path=code_path) if not u.collapsed]
        condensate = store.condensate(conn, code.id)
        golden = condensate.golden_unit_id if condensate else None
        ordered = sorted(units, key=lambda u: u.id != golden)
        # a unit inside another listed one (a sub-code's finer cut) would repeat the same words
        inside = _inside_others(ordered)
        return [u for u in ordered if u.id not in inside]

    def mark_recontextualised(self, subgroup_path: str, *, done: bool = True) -> None:
        """Check off that the synthesis was read back against the full transcripts."""
        conn, coder = self.context.conn, self.context.coder
        code = resolve(conn, subgroup_path)
        existing = store.synthesis(conn, code.id)
        values = {"checked_by": coder if done else None, "checked_at": now() if done else None}
        with audited(conn, coder, "recontextualise", f"{'checked' if done else 'unchecked'} {subgroup_path}") as w:
            if existing:
                w.update("syntheses", existing.id, values)
            else:
                w.insert("syntheses", {"code_id": code.id, "updated_at": now(), "updated_by": coder, **values})

    def recontext(self, subgroup_path: str, *, excerpt: int = 160, limit: int | None = None) -> Recontext:
        """Where to look for contradicting data: other codes' units in the same turns, and the
        turns of the subgroup's participants that hold no coded unit at all. Each list holds at most
        `limit` places (all when None); the totals count them all."""
        conn = self.context.conn
        code = resolve(conn, subgroup_path)
        below = descendants(conn, code.id)
        own_codes = set(below)
        own_ids = set(unit_store.unit_ids_with_codes(conn, below))  # in document order, as units.list has them
        own_rows = unit_store.units_by_ids(conn, list(own_ids))
        turn_ids = {row.turn_id for row in own_rows if row.turn_id}
        paths: dict[int, str] = {}
        others: list[Passage] = []
        others_total = 0
        for document_id in {row.document_id for row in own_rows}:  # the order these have always come in
            rows = unit_store.all_units(conn, document_id)
            coded = unit_store.codes_of_units(conn, [r.id for r in rows])
            for row in rows:
                if row.id in own_ids or row.turn_id not in turn_ids:
                    continue
                other_codes = [c for c in coded.get(row.id, []) if c not in own_codes]
                if not other_codes:
                    continue
                others_total += 1
                if limit is None or len(others) < limit:
                    for c in other_codes:
                        if c not in paths:
                            paths[c] = path_of(conn, c)
                    others.append(Passage(row.document, row.line, row.speaker, row.start, row.end, row.text,
                                          tuple(paths[c] for c in other_codes)))
        participants = sorted({row.participant for row in own_rows if row.participant})
        uncoded, uncoded_total = self._uncoded_turns(participants, excerpt, limit)
        synthesis = store.synthesis(conn, code.id)
        return Recontext(path_of(conn, code.id), tuple(others), tuple(uncoded),
                         synthesis.checked_by if synthesis else None, synthesis.checked_at if synthesis else None,
                         others_total, uncoded_total)

    def _uncoded_turns(self, participants: list[str], excerpt: int, limit: int | None) -> tuple[list[Passage], int]:
        """The participants' turns that no unit touches (the first `limit` of them), and how many there are.

        Turns come document by document in order: each document's text is read once and its lines
        counted once, and a turn is checked against the document's units by bisection."""
        conn = self.context.conn
        spans = unit_store.unit_spans_by_document(conn)
        found: list[Passage] = []
        total = 0
        current: tuple[int, str, unit_store.DocumentLines] | None = None
        overlaps: _Overlaps | None = None
        for document_id, start, end, participant in unit_store.turn_spans_of_participants(conn, participants):
            if overlaps is None or overlaps.document_id != document_id:
                overlaps = _Overlaps(document_id, spans.get(document_id, []))
            if overlaps.any_between(start, end):
                continue
            total += 1
            if limit is not None and len(found) >= limit:
                continue
            if current is None or current[0] != document_id:
                current = (document_id, unit_store.document_label(conn, document_id),
                           unit_store.DocumentLines(unit_store.document_text(conn, document_id)))
            _, label, lines = current
            text = lines.text[start:end]
            found.append(Passage(label, lines.line_at(start), participant or "", start, end,
                                 text if len(text) <= excerpt else text[:excerpt].rsplit(" ", 1)[0] + " ..."))
        return found, total

    def counts(self) -> list[SubgroupCount]:
        """How many participants (and of which groups) contribute units to each subgroup."""
        conn = self.context.conn
        groups = store.participant_groups(conn)
        group_sizes = Counter(groups.values())
        people_of = _participants_by_code(conn)
        below = _codes_below(conn)
        result = []
        for group in children(conn, None):
            for subgroup in children(conn, group.id):
                path = path_of(conn, subgroup.id)
                people = sorted(set().union(*(people_of.get(c, set()) for c in below(subgroup.id))))
                by_group = Counter(groups.get(p, "?") for p in people)
                result.append(SubgroupCount(path, tuple(people), len(groups),
                                            {g: (by_group.get(g, 0), n) for g, n in sorted(group_sizes.items())}))
        return result

    def matrix(self) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
        """(participants, code groups, units per (participant, code group))."""
        conn = self.context.conn
        participants = sorted(store.participant_groups(conn), key=_label_order)
        top = children(conn, None)
        below = _codes_below(conn)
        group_of = {c: group.name for group in top for c in below(group.id)}
        seen: set[tuple[int, str]] = set()  # a unit counts once in a group, however many of its codes it has
        cells: dict[tuple[str, str], int] = {}
        for place in unit_store.coded_places(conn):
            name = group_of.get(place.code_id)
            if name is None or not place.participant or (place.unit_id, name) in seen:
                continue
            seen.add((place.unit_id, name))
            key = (place.participant, name)
            cells[key] = cells.get(key, 0) + 1
        return participants, [g.name for g in top], cells


def _participants_by_code(conn) -> dict[int, set[str]]:
    """code id -> the participants its own codings come from (one query for every code)."""
    found: dict[int, set[str]] = {}
    for place in unit_store.coded_places(conn):
        if place.participant:
            found.setdefault(place.code_id, set()).add(place.participant)
    return found


def _codes_below(conn):
    """A function: code id -> that code and every code below it, from one read of the codebook."""
    kids: dict[int | None, list[int]] = {}
    for row in all_codes(conn):
        kids.setdefault(row.parent_id, []).append(row.id)

    def below(code_id: int) -> list[int]:
        found, waiting = [], [code_id]
        while waiting:
            current = waiting.pop()
            found.append(current)
            waiting.extend(kids.get(current, []))
        return found

    return below


class _Overlaps:
    """A document's unit spans, to ask whether any of them overlaps a stretch of text."""

    def __init__(self, document_id: int, spans: list[unit_store.UnitSpan]) -> None:
        self.document_id = document_id
        self.starts = [span.start for span in spans]  # spans come in order of start
        self.furthest = list(accumulate((span.end for span in spans), max))  # the latest end among the first i

    def any_between(self, start: int, end: int) -> bool:
        """Some span with span.start < end and start < span.end."""
        before = bisect_left(self.starts, end)  # the spans starting before `end`
        return before > 0 and self.furthest[before - 1] > start


def _inside_others(units: list[Unit]) -> set[int]:
    """Ids of units lying inside another of the units (same document, a larger span around them)."""
    inside: set[int] = set()
    by_document: dict[str, list[Unit]] = {}
    for unit in units:
        by_document.setdefault(unit.document, []).append(unit)
    for spans in by_document.values():
        spans.sort(key=lambda u: (u.start, -u.end))
        furthest = -1  # the latest end among spans starting earlier, or as early and ending later
        index = 0
        while index < len(spans):
            same = index
            while same < len(spans) and (spans[same].start, spans[same].end) == (spans[index].start, spans[index].end):
                same += 1
            if furthest >= spans[index].end:
                inside.update(u.id for u in spans[index:same])
            furthest = max(furthest, spans[index].end)
            index = same
    return inside


def _label_order(label: str) -> tuple[str, int, str]:
    letters = "".join(ch for ch in label if ch.isalpha())
    digits = "".join(ch for ch in label if ch.isdigit())
    return letters, int(digits) if digits else 0, label


def quotes_change(before: list[int], after: list[int], code_path: str) -> str:
    """The log's words for a new list of quotes: the one quote added, dropped or moved, when it is one."""
    if not after:
        return f"quotes of {code_path} cleared (the chapter quotes every unit)"
    added = [u for u in after if u not in before]
    dropped = [u for u in before if u not in after]
    if len(added) == 1 and not dropped and [u for u in after if u != added[0]] == before:
        return f"quote {added[0]} added to {code_path}"
    if len(dropped) == 1 and not added and [u for u in before if u != dropped[0]] == after:
        return f"quote {dropped[0]} dropped from {code_path}"
    if not added and not dropped and after != before:
        moved = [u for u in after if [v for v in before if v != u] == [v for v in after if v != u]]
        if moved:  # of two neighbours swapped, the one that went earlier is named
            unit = max(moved, key=lambda u: (abs(after.index(u) - before.index(u)), after.index(u) < before.index(u)))
            way = "earlier" if after.index(unit) < before.index(unit) else "later"
            return f"quote {unit} moved {way} in {code_path}"
    return f"quotes of {code_path} set to {', '.join(map(str, after))}"
