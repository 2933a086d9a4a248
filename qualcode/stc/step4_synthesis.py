"""Step 4, synthesis: headings that state findings, analytic text, quotes, and recontextualisation."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..codebook.edit import descendants, path_of, resolve
from ..errors import QualcodeError
from ..store import method as store
from ..store import units as unit_store
from ..store.changes import audited, now
from ..store.codes import children
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
    subgroup: str
    units_of_other_codes: tuple[Passage, ...]
    uncoded_turns: tuple[Passage, ...]
    checked_by: str | None
    checked_at: str | None


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
        with audited(conn, coder, "synthesize", f"synthesis of {code_path}") as writer:
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
            return [u for u in chosen if u.holds_words]
        conn = self.context.conn
        code = resolve(conn, code_path)
        units = [u for u in self.units.list(code_path=code_path) if u.holds_words]
        condensate = store.condensate(conn, code.id)
        golden = condensate.golden_unit_id if condensate else None
        ordered = sorted(units, key=lambda u: u.id != golden)
        # a unit inside another listed one (a sub-code's finer cut) would repeat the same words
        return [u for u in ordered if not any(
            o.id != u.id and o.document == u.document and o.start <= u.start and u.end <= o.end
            and (o.start, o.end) != (u.start, u.end) for o in ordered)]

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

    def recontext(self, subgroup_path: str, *, excerpt: int = 160) -> Recontext:
        """Where to look for contradicting data: other codes' units in the same turns, and the
        turns of the subgroup's participants that hold no coded unit at all."""
        conn = self.context.conn
        code = resolve(conn, subgroup_path)
        own_codes = set(descendants(conn, code.id))
        units = self.units.list(code_path=subgroup_path)
        own_ids = {u.id for u in units}
        own_rows = unit_store.units_by_ids(conn, list(own_ids))
        turn_ids = {row.turn_id for row in own_rows if row.turn_id}
        others = []
        for document_id in {row.document_id for row in own_rows}:
            rows = unit_store.all_units(conn, document_id)
            coded = unit_store.codes_of_units(conn, [r.id for r in rows])
            for row in rows:
                if row.id in own_ids or row.turn_id not in turn_ids:
                    continue
                other_codes = [c for c in coded.get(row.id, []) if c not in own_codes]
                if other_codes:
                    others.append(Passage(row.document, row.line, row.speaker, row.start, row.end, row.text,
                                          tuple(path_of(conn, c) for c in other_codes)))
        participants = sorted({u.participant for u in units if u.participant})
        uncoded = []
        spans_by_document: dict[int, list[unit_store.UnitSpan]] = {}
        for turn in unit_store.turns_of_participants(conn, participants):
            document_id, start, end, label = turn.document_id, turn.body_start, turn.end, turn.participant
            if document_id not in spans_by_document:
                spans_by_document[document_id] = unit_store.unit_spans_in_document(conn, document_id)
            spans = spans_by_document[document_id]
            if any(span.start < end and start < span.end for span in spans):
                continue
            text = unit_store.document_text_slice(conn, document_id, start, end)
            line = unit_store.document_text_slice(conn, document_id, 0, start).count("\n") + 1
            uncoded.append(Passage(unit_store.document_label(conn, document_id), line, label or "", start, end,
                                   text if len(text) <= excerpt else text[:excerpt].rsplit(" ", 1)[0] + " ..."))
        synthesis = store.synthesis(conn, code.id)
        return Recontext(path_of(conn, code.id), tuple(others), tuple(uncoded),
                         synthesis.checked_by if synthesis else None, synthesis.checked_at if synthesis else None)

    def counts(self) -> list[SubgroupCount]:
        """How many participants (and of which groups) contribute units to each subgroup."""
        conn = self.context.conn
        groups = store.participant_groups(conn)
        group_sizes = Counter(groups.values())
        result = []
        for group in children(conn, None):
            for subgroup in children(conn, group.id):
                path = path_of(conn, subgroup.id)
                people = sorted({u.participant for u in self.units.list(code_path=path) if u.participant})
                by_group = Counter(groups.get(p, "?") for p in people)
                result.append(SubgroupCount(path, tuple(people), len(groups),
                                            {g: (by_group.get(g, 0), n) for g, n in sorted(group_sizes.items())}))
        return result

    def matrix(self) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
        """(participants, code groups, units per (participant, code group))."""
        conn = self.context.conn
        participants = sorted(store.participant_groups(conn), key=_label_order)
        top = children(conn, None)
        cells: dict[tuple[str, str], int] = {}
        for group in top:
            for unit in self.units.list(code_path=group.name):
                if unit.participant:
                    key = (unit.participant, group.name)
                    cells[key] = cells.get(key, 0) + 1
        return participants, [g.name for g in top], cells


def _label_order(label: str) -> tuple[str, int, str]:
    letters = "".join(ch for ch in label if ch.isalpha())
    digits = "".join(ch for ch in label if ch.isdigit())
    return letters, int(digits) if digits else 0, label
