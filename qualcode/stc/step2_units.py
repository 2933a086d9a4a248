"""Step 2, meaning units and codes: spans of a document, tagged with codes of the codebook."""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..codebook.edit import descendants, path_of, resolve
from ..codebook.model import split_path
from ..errors import QualcodeError
from ..models import Document
from ..store import codes as code_store
from ..store import documents as document_store
from ..store import units as store
from ..store.changes import Writer, audited, now
from ..store.units import UnitRow
from ..wording import plural
from .context import Context
from .quotes import FUZZY_THRESHOLD, QuoteMatch, locate


@dataclass(frozen=True)
class Unit:
    """A meaning unit as the faces see it."""

    id: int
    document: str
    start: int
    end: int
    text: str
    speaker: str
    participant: str | None
    line: int
    codes: tuple[str, ...]

    @property
    def collapsed(self) -> bool:
        """A unit whose words were all deleted by a replace or a correction: kept, with no width, where its text
        was and flagged for review (qualcode document flagged); there is nothing in it to read or quote."""
        return self.start == self.end


@dataclass(frozen=True)
class Placed:
    unit_id: int
    document: str
    code: str
    match: QuoteMatch


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


class RowsNotPlaced(QualcodeError):
    """Some rows of a coding CSV could not be placed; nothing was written."""

    def __init__(self, problems: list[RowProblem]) -> None:
        count = plural(len(problems), "row")
        super().__init__(f"nothing was coded: {count} could not be placed (fix them, or use --partial)")
        self.problems = problems


class Units:
    def __init__(self, context: Context) -> None:
        self.context = context

    # reading
    def get(self, unit_ids: builtins.list[int]) -> builtins.list[Unit]:
        return self._with_codes(store.units_by_ids(self.context.conn, unit_ids))

    def list(self, *, code_path: str | None = None, document: str | None = None) -> builtins.list[Unit]:
        conn = self.context.conn
        if code_path:
            ids = store.unit_ids_with_codes(conn, descendants(conn, resolve(conn, code_path).id))
            rows = store.units_by_ids(conn, ids)
            if document:
                rows = [r for r in rows if r.document.lower() == document.lower()]
        else:
            document_id = document_store.load(conn, document).id if document else None
            rows = store.all_units(conn, document_id)
        return self._with_codes(rows)

    def _with_codes(self, rows: builtins.list[UnitRow]) -> builtins.list[Unit]:
        conn = self.context.conn
        codes = store.codes_of_units(conn, [r.id for r in rows])
        paths: dict[int, str] = {}  # each code's path looked up once, not once per unit
        result = []
        for r in rows:
            for code_id in codes.get(r.id, []):
                if code_id not in paths:
                    paths[code_id] = path_of(conn, code_id)
            names = tuple(paths[c] for c in codes.get(r.id, []))
            result.append(Unit(r.id, r.document, r.start, r.end, r.text, r.speaker, r.participant, r.line, names))
        return result

    # writing
    def create(self, document: str, start: int, end: int, *, codes: Sequence[str] = (),
               create_codes: bool = False) -> int:
        """A unit over text[start:end] (the same span twice is one unit), tagged with the codes."""
        conn, coder = self.context.conn, self.context.coder
        document_id, label, length = document_store.id_and_length(conn, document)
        if not (0 <= start < end <= length):
            raise QualcodeError(f"span {start}-{end} is outside {label} (0-{length})")
        for path in codes:
            _require_subgroup_level(path)
        summary = f"unit {label}:{start}-{end}" + (f" coded {', '.join(codes)}" if codes else "")
        with audited(conn, coder, "code unit", summary) as writer:
            unit_id = self._unit(writer, document_id, start, end)
            for path in codes:
                code = resolve(conn, path, writer if create_codes else None)
                self._code(writer, unit_id, code.id)
        return unit_id

    def code(self, unit_id: int, code_path: str, *, create_codes: bool = False) -> None:
        _require_subgroup_level(code_path)
        conn = self.context.conn
        self._require(unit_id)
        with audited(conn, self.context.coder, "code unit", f"code unit {unit_id} {code_path}") as writer:
            self._code(writer, unit_id, resolve(conn, code_path, writer if create_codes else None).id)

    def code_by_id(self, unit_id: int, code_id: int) -> None:
        """The fast path for scripts: known unit and code ids, one transaction with its audit row."""
        try:
            summary = f"code unit {unit_id} with code {code_id}"
            with audited(self.context.conn, self.context.coder, "code unit", summary) as w:
                self._code(w, unit_id, code_id)
        except sqlite3.IntegrityError:
            raise QualcodeError(f"no unit {unit_id} or no code {code_id}") from None

    def uncode(self, unit_id: int, code_path: str) -> None:
        conn = self.context.conn
        code = resolve(conn, code_path)
        coding = code_store.coding_id(conn, unit_id, code.id, self.context.coder)
        if coding is None:
            raise QualcodeError(f"unit {unit_id} is not coded {code_path} by {self.context.coder}")
        with audited(conn, self.context.coder, "uncode unit", f"uncode unit {unit_id} {code_path}") as writer:
            writer.delete("codings", coding)

    def resize(self, unit_id: int, start: int, end: int) -> None:
        """Widen or narrow a unit to text[start:end] of its document; its codes, condensates and quotes stay."""
        conn = self.context.conn
        unit = self._require(unit_id)
        _, label, length = document_store.id_and_length(conn, unit.document)
        if not (0 <= start < end <= length):
            raise QualcodeError(f"span {start}-{end} is outside {label} (0-{length})")
        if (start, end) == (unit.start, unit.end):
            return
        other = store.find_unit(conn, unit.document_id, start, end)
        if other and other != unit_id:
            raise QualcodeError(f"unit {other} already covers {label}:{start}-{end}; code that unit instead")
        summary = f"resize unit {unit_id} ({label}:{unit.start}-{unit.end} to {start}-{end})"
        with audited(conn, self.context.coder, "resize unit", summary) as writer:
            writer.update("units", unit_id, {"start": start, "end": end})

    def delete(self, unit_id: int) -> builtins.list[str]:
        """Remove a unit with its codings; condensates and syntheses let go of it (returned, to tell)."""
        conn = self.context.conn
        unit = self._require(unit_id)
        references = store.references_to_unit(conn, unit_id)
        let_go = [f"the golden nugget of {path_of(conn, c)}"
                  for c in store.codes_of_condensates(conn, references["golden"])]
        let_go += [f"a quote in the synthesis of {path_of(conn, c)}"
                   for c in store.codes_of_synthesis_quotes(conn, references["synthesis_quotes"])]
        summary = f"delete unit {unit_id} ({unit.document}:{unit.line})"
        with audited(conn, self.context.coder, "delete unit", summary) as w:
            for row_id in references["golden"]:
                w.update("condensates", row_id, {"golden_unit_id": None})
            for table in ("condensate_units", "synthesis_quotes"):
                for row_id in references[table]:
                    w.delete(table, row_id)
            for coding in store.coding_ids_of_unit(conn, unit_id):
                w.delete("codings", coding)
            w.delete("units", unit_id)
        return let_go

    def code_quote(self, document: str, quote: str, code_path: str, *, create_codes: bool = False,
                   threshold: float = FUZZY_THRESHOLD) -> Placed:
        """Find a quoted passage (exact first, then fuzzy) and code it: for coding done earlier in Word."""
        doc = document_store.load(self.context.conn, document)
        match = locate(doc.text, quote, threshold)
        unit_id = self.create(doc.label, match.start, match.end, codes=[code_path], create_codes=create_codes)
        return Placed(unit_id, doc.label, code_path, match)

    def code_from_csv(self, path: Path, *, create_codes: bool = False, threshold: float = FUZZY_THRESHOLD,
                      partial: bool = False) -> tuple[builtins.list[Placed], builtins.list[RowProblem]]:
        """Rows of (document, quote, code path), all in one transaction. A row that cannot be placed
        stops the whole file (RowsNotPlaced lists them all) unless partial keeps the rows that can."""
        rows = _coding_rows(path)
        conn, coder = self.context.conn, self.context.coder
        placed: builtins.list[Placed] = []
        problems: builtins.list[RowProblem] = []
        texts: dict[str, Document] = {}
        with audited(conn, coder, "code from csv", f"code {len(rows)} rows from {path.name}") as writer:
            for line, document, quote, code_path in rows:
                try:
                    doc = texts.get(document.lower()) or document_store.load(conn, document)
                    texts[document.lower()] = doc
                    match = locate(doc.text, quote, threshold)
                    _require_subgroup_level(code_path)
                    code = resolve(conn, code_path, writer if create_codes else None)
                    unit_id = self._unit(writer, doc.id, match.start, match.end)
                    self._code(writer, unit_id, code.id)
                    placed.append(Placed(unit_id, doc.label, code_path, match))
                except QualcodeError as exc:
                    problems.append(RowProblem(line, str(exc)))
            if problems and not partial:
                raise RowsNotPlaced(problems)
        return placed, problems

    def proposed_boundaries(self, document: str) -> builtins.list[tuple[int, int]]:
        """Sentence spans from the language pipeline, offered as unit boundaries."""
        conn = self.context.conn
        return document_store.sentence_spans(conn, document_store.load(conn, document).id)

    def _unit(self, writer: Writer, document_id: int, start: int, end: int) -> int:
        existing = store.find_unit(self.context.conn, document_id, start, end)
        if existing:
            return existing
        return writer.insert("units", {"document_id": document_id, "start": start, "end": end,
                                       "created_at": now(), "created_by": self.context.coder})

    def _code(self, writer: Writer, unit_id: int, code_id: int) -> None:
        if code_store.coding_id(self.context.conn, unit_id, code_id, self.context.coder) is None:
            writer.insert("codings", {"unit_id": unit_id, "code_id": code_id, "coder": self.context.coder,
                                      "created_at": now()})

    def _require(self, unit_id: int) -> UnitRow:
        found = store.units_by_ids(self.context.conn, [unit_id])
        if not found:
            raise QualcodeError(f"no unit {unit_id}")
        return found[0]


def _require_subgroup_level(code_path: str) -> None:
    """Units are sorted under subgroups or codes; a code group alone is too coarse (step 2 to 3)."""
    if len(split_path(code_path)) < 2:
        raise QualcodeError(f"code {code_path!r} is a code group: code units as Group/Subgroup or Group/Subgroup/Code")


def _coding_rows(path: Path) -> list[tuple[int, str, str, str]]:
    from ..ingest.encoding import read_text_file
    from ..ingest.tables import csv_rows

    text = read_text_file(path)
    table = csv_rows(text, name=path.name)
    header = [h.strip().lower() for h in (table[0] if table else [])]
    wanted = ("document", "quote", "code")
    if not all(name in header for name in wanted):
        raise QualcodeError(f"{path.name}: the first row must name the columns document, quote, code")
    index = [header.index(name) for name in wanted]
    rows = []
    for line, values in enumerate(table[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) < len(header):
            raise QualcodeError(f"{path.name}: line {line} has {len(values)} fields, the header has {len(header)}")
        document, quote, code = (values[i].strip() for i in index)
        rows.append((line, document, quote, code))
    return rows
