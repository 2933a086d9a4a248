"""Step 3, condensation: per subgroup, a first-person condensate resting on units, and a golden nugget."""

from __future__ import annotations

from dataclasses import dataclass

from ..codebook.edit import depth_of, descendants, path_of, resolve
from ..codebook.model import split_path
from ..errors import QualcodeError
from ..store import codes as code_store
from ..store import method as store
from ..store import units as unit_store
from ..store.changes import Writer, audited, now
from ..store.codes import CodeRow, children
from .context import Context
from .step2_units import Unit, Units


@dataclass(frozen=True)
class ContextTurn:
    speaker: str
    text: str
    holds_unit: bool


@dataclass(frozen=True)
class Condensation:
    subgroup: str
    text: str
    units: tuple[Unit, ...]  # the units the condensate rests on
    golden: Unit | None
    updated_by: str | None


class Condensing:
    def __init__(self, context: Context) -> None:
        self.context = context
        self.units = Units(context)

    def subgroups(self, group_path: str) -> list[str]:
        conn = self.context.conn
        group = resolve(conn, group_path)
        if group.parent_id is not None:
            raise QualcodeError(f"{group_path} is not a code group")
        return [path_of(conn, child.id) for child in children(conn, group.id)]

    def subgroup_units(self, subgroup_path: str) -> list[Unit]:
        """Units coded with the subgroup or any code under it, in document order; a unit whose words were all
        deleted (collapsed, waiting for review: qualcode document flagged) has nothing to read and is left out."""
        return [u for u in self.units.list(code_path=subgroup_path) if not u.collapsed]

    def decontextualised(self, subgroup_path: str) -> list[str]:
        """The subgroup's units as text only, the way the method reads them in step 3."""
        return [unit.text for unit in self.subgroup_units(subgroup_path)]

    def context_of(self, unit_id: int, *, around: int = 1) -> list[ContextTurn]:
        """The unit's turn with `around` turns before and after it."""
        conn = self.context.conn
        found = unit_store.units_by_ids(conn, [unit_id])
        if not found:
            raise QualcodeError(f"no unit {unit_id}")
        unit = found[0]
        turns = unit_store.turns_in_document(conn, unit.document_id)
        index = next((i for i, t in enumerate(turns) if t.start <= unit.start <= t.end), None)
        if index is None:
            return [ContextTurn(unit.speaker, unit.text, True)]
        picked = turns[max(0, index - around): index + around + 1]
        return [ContextTurn(turn.speaker, unit_store.document_text_slice(conn, unit.document_id, turn.start, turn.end),
                            turn.id == turns[index].id)
                for turn in picked]

    def set(self, subgroup_path: str, *, text: str | None = None, unit_ids: list[int] | None = None,
            golden: int | None = None) -> None:
        """Write the condensate, the units it rests on, and/or the golden nugget of a subgroup."""
        conn, coder = self.context.conn, self.context.coder
        subgroup = self._subgroup(subgroup_path)
        if unit_ids is not None:
            unit_ids = list(dict.fromkeys(unit_ids))  # the same unit twice is one
        member_ids = {u.id for u in self.units.list(code_path=subgroup_path)}  # a collapsed unit is a member too
        for unit_id in (unit_ids or []) + ([golden] if golden is not None else []):
            if unit_id not in member_ids:
                raise QualcodeError(f"unit {unit_id} is not coded in {subgroup_path}")
        existing = store.condensate(conn, subgroup.id)
        with audited(conn, coder, "condense", f"condensate of {subgroup_path}") as writer:
            values: dict[str, str | int] = {"updated_at": now(), "updated_by": coder}
            if text is not None:
                values["text"] = text.strip()
            if golden is not None:
                values["golden_unit_id"] = golden
            if existing:
                condensate_id = existing.id
                writer.update("condensates", condensate_id, values)
            else:
                condensate_id = writer.insert("condensates", {"code_id": subgroup.id, "text": "", **values})
            if unit_ids is not None:
                current = {link.unit_id: link.id for link in store.condensate_unit_rows(conn, condensate_id)}
                for unit, row in current.items():
                    if unit not in unit_ids:
                        writer.delete("condensate_units", row)
                for unit in unit_ids:
                    if unit not in current:
                        writer.insert("condensate_units", {"condensate_id": condensate_id, "unit_id": unit})

    def move_unit(self, unit_id: int, to_subgroup: str, *, create: bool = False) -> list[str]:
        """Sort a unit into another subgroup of its code group (made first if create): this coder's coding
        of it in the group moves, and the unit leaves the old subgroup's condensate, golden nugget and
        quotes. One change; returns the subgroups it left."""
        conn, coder = self.context.conn, self.context.coder
        if not unit_store.units_by_ids(conn, [unit_id]):
            raise QualcodeError(f"no unit {unit_id}")
        parts = split_path(to_subgroup)
        if len(parts) != 2:
            raise QualcodeError(f"{to_subgroup!r} is not a subgroup: move a unit to Group/Subgroup")
        mine = self._movable(unit_id, parts[0])
        with audited(conn, coder, "move unit", f"move unit {unit_id} to {to_subgroup}") as writer:
            target = resolve(conn, to_subgroup, writer if create else None)
            left = {_subgroup_of(conn, c.code_id) for c in mine} - {target.id}
            if not left:
                raise QualcodeError(f"unit {unit_id} is in {to_subgroup} already")
            for coding in mine:
                if _subgroup_of(conn, coding.code_id) != target.id:
                    writer.delete("codings", coding.id)
            if code_store.coding_id(conn, unit_id, target.id, coder) is None:
                writer.insert("codings", {"unit_id": unit_id, "code_id": target.id, "coder": coder,
                                          "created_at": now()})
            for subgroup_id in left:
                self._let_go(writer, subgroup_id, unit_id)
        return [path_of(conn, subgroup_id) for subgroup_id in sorted(left)]

    def check_move(self, unit_id: int, group: str) -> None:
        """Refuse, as move_unit would, to move a unit within a code group (before a subgroup is chosen or
        named): no such unit, not coded in the group, or coded there by other coders only."""
        self._movable(unit_id, group)

    def _movable(self, unit_id: int, group_name: str) -> list[code_store.CodingRow]:
        """This coder's codings of the unit in the code group (what a move moves); refuses when there are none."""
        conn, coder = self.context.conn, self.context.coder
        if not unit_store.units_by_ids(conn, [unit_id]):
            raise QualcodeError(f"no unit {unit_id}")
        group = resolve(conn, group_name)
        in_group = [c for c in code_store.codings_of_codes(conn, descendants(conn, group.id)) if c.unit_id == unit_id]
        if not in_group:
            raise QualcodeError(f"unit {unit_id} is not coded in code group {group_name}")
        mine = [c for c in in_group if c.coder == coder]
        if not mine:
            others = ", ".join(sorted({c.coder for c in in_group}))
            raise QualcodeError(f"unit {unit_id} is coded in {group_name} by {others} only; only they can move it")
        return mine

    def _let_go(self, writer: Writer, subgroup_id: int, unit_id: int) -> None:
        """The unit is no longer the subgroup's: not a unit its condensate rests on, not its nugget or quote."""
        conn = self.context.conn
        condensate = store.condensate(conn, subgroup_id)
        if condensate is not None:
            for link in store.condensate_unit_rows(conn, condensate.id):
                if link.unit_id == unit_id:
                    writer.delete("condensate_units", link.id)
            if condensate.golden_unit_id == unit_id:
                writer.update("condensates", condensate.id, {"golden_unit_id": None})
        synthesis = store.synthesis(conn, subgroup_id)
        if synthesis is not None:
            for link in store.synthesis_quote_rows(conn, synthesis.id):
                if link.unit_id == unit_id:
                    writer.delete("synthesis_quotes", link.id)

    def get(self, subgroup_path: str) -> Condensation:
        conn = self.context.conn
        subgroup = self._subgroup(subgroup_path)
        row = store.condensate(conn, subgroup.id)
        if row is None:
            return Condensation(subgroup_path, "", (), None, None)
        unit_ids = [link.unit_id for link in store.condensate_unit_rows(conn, row.id)]
        golden = self.units.get([row.golden_unit_id])[0] if row.golden_unit_id else None
        return Condensation(path_of(conn, subgroup.id), row.text, tuple(self.units.get(unit_ids)), golden,
                            row.updated_by)

    def _subgroup(self, path: str) -> CodeRow:
        code = resolve(self.context.conn, path)
        if depth_of(self.context.conn, code.id) != 1:
            raise QualcodeError(f"{path} is not a subgroup (condensates belong to Group/Subgroup)")
        return code


def _subgroup_of(conn, code_id: int) -> int:
    """The subgroup a code sits in (a subgroup is its own; a code group has none: itself)."""
    row = code_store.code_by_id(conn, code_id)
    chain = []
    while row is not None:
        chain.append(row.id)
        row = code_store.code_by_id(conn, row.parent_id) if row.parent_id else None
    return chain[-2] if len(chain) >= 2 else chain[0]
