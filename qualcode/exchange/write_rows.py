"""Writing a read archive into a new project: participants, documents, then the rest in one transaction.

What REFI-QDA says is the truth for what it can say: the codebook, the text, the selections and codings,
the cases and their variables, the notes. Our own notes fill in what it cannot (themes, condensates,
syntheses, reading status, code ids and order, turns, settings). Ids come back from GUIDs we wrote; rows
that point at something the archive no longer holds are left out and said. Documents are written through
store.documents.insert_document, the same path as `qualcode import` (each in its own transaction, turns
and sentence index included); their ids, and those of their turns and sentences, are given in import order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..codebook.model import CodeNode, new_uid
from ..errors import QualcodeError
from ..store import documents as document_store
from ..store import exchange as store
from ..store.changes import audited, now
from ..wording import plural, printable
from . import guids
from .prepare_sources import ReadySource
from .qdc import xml_text
from .qdpx_read import Note, ParsedArchive, Selection
from .report import ExchangeReport


class RowWriter:
    def __init__(self, conn, coder: str, parsed: ParsedArchive, report: ExchangeReport) -> None:
        self.conn = conn
        self.coder = coder
        self.parsed = parsed
        self.report = report
        self.namespace = parsed.namespace
        self.data = parsed.project_data or {}
        self.document_of_source: dict[str, int] = {}  # source GUID -> document id
        self.documents: dict[int, int] = {}  # exported document id -> document id
        self.participants: dict[str, int] = {}  # case GUID -> participant id
        self.participant_ids: dict[int, int] = {}  # exported participant id -> id
        self.codes: dict[str, int] = {}  # code GUID -> code id
        self.code_ids: dict[int, int] = {}  # exported code id -> id
        self.units: dict[str, int] = {}  # selection GUID -> unit id
        self.unit_ids: dict[int, int] = {}
        self.themes: dict[int, int] = {}
        self.coding_units: dict[str, int] = {}  # coding GUID -> its unit
        self.coding_ids: dict[int, int] = {}
        self.turn_ids: dict[int, int] = {}
        self.our_notes = {note.guid: note for note in parsed.notes if note.data and note.data["kind"] != "memo"}

    def own(self, guid: str, kind: str) -> int | None:
        """The id a GUID we wrote carries, when it is one of this archive's own of that kind."""
        found = guids.row_of(self.namespace, guid)
        return found[1] if found and found[0] == kind and found[1] > 0 else None

    # 1: participants, with the ids the exported project gave them
    def participants_from_cases(self, archive_name: str) -> None:
        rows: list[dict[str, Any]] = []
        attributes: dict[tuple[int, str], str] = {}
        by_label: dict[str, int] = {}
        wanted = [self.own(case.guid, "participant") for case in self.parsed.cases]
        next_id = max((i for i in wanted if i), default=0) + 1
        used: set[int] = set()
        for case, own in zip(self.parsed.cases, wanted, strict=True):
            key = case.label.casefold()
            if key in by_label:
                self.report.note(f"two cases are called {case.label}: they are one participant")
                participant_id = by_label[key]
            else:
                if own is None or own in used:
                    own, next_id = next_id, next_id + 1
                participant_id = own
                used.add(participant_id)
                by_label[key] = participant_id
                rows.append({"id": participant_id, "label": case.label})
                exported_id = self.own(case.guid, "participant")
                if exported_id is not None:
                    self.participant_ids[exported_id] = participant_id
            self.participants[case.guid] = participant_id
            for name, value in case.attributes:
                attributes[(participant_id, name)] = value
        if not rows:
            return
        with audited(self.conn, self.coder, "participants", f"import {len(rows)} participants from {archive_name}",
                     undoable=False):
            store.insert_rows(self.conn, "participants", rows)
            store.insert_rows(self.conn, "participant_attributes", [
                {"participant_id": pid, "name": name, "value": value} for (pid, name), value in attributes.items()])
        self.report.took("cases", len(rows))
        self.report.took("variables", len({name for _, name in attributes}))

    # 2: documents, through the import's own writing path
    def documents_from_sources(self, ready: Iterable[ReadySource]) -> None:
        details: list[tuple[int, str, str]] = []
        for item in ready:
            exported_turns = item.exported.get("turns", []) if item.exported else []
            # our own document: its turns' speakers came with it, their participants are the cases' as exported
            linked = [self.participant_ids.get(turn[5]) if isinstance(turn[5], int) and turn[5] else None
                      for turn in exported_turns] if item.exported else None
            try:
                document_id = document_store.insert_document(
                    self.conn, self.coder, item.document, item.turns, item.sentences, item.speakers,
                    participant=item.participant, turn_participants=linked)
            except QualcodeError as exc:
                self.report.skip("sources", item.source.label, str(exc))
                continue
            for source in (item.source, *item.aliases):
                self.document_of_source[source.guid] = document_id
            self.report.took("sources")
            if item.exported:
                row = item.exported["row"]
                if isinstance(row.get("id"), int):
                    self.documents[row["id"]] = document_id
                details.append((document_id, str(row.get("imported_at", now())), str(row.get("imported_by", ""))))
                for turn_id, turn in zip(store.turn_ids(self.conn, document_id), exported_turns, strict=True):
                    if isinstance(turn[0], int):
                        self.turn_ids[turn[0]] = turn_id
        if details:
            with audited(self.conn, self.coder, "import", "turns and import details as exported", undoable=False):
                for document_id, at, by in details:
                    store.set_import_details(self.conn, document_id, at, by or self.coder)

    # 3: everything else, in one transaction
    def the_rest(self, archive_name: str, *, keep_language: bool, keep_pipeline: bool) -> None:
        with audited(self.conn, self.coder, "import", f"import {archive_name}", undoable=False):
            store.defer_foreign_keys(self.conn)
            self._settings(keep_language, keep_pipeline)
            themes = self._themes()
            self._codes(themes)
            self._units_and_codings()
            self._method_rows()
            self._memos()
            self._extra_tables()
            self._extra_columns()

    def _settings(self, keep_language: bool, keep_pipeline: bool) -> None:
        """The exported settings, but the language chosen for this import and a pipeline only if it is here."""
        pairs = [(str(k), str(v)) for k, v in self.data.get("settings", []) if isinstance(k, str)]
        store.put_settings(self.conn, [(k, v) for k, v in pairs if (k != "language" or keep_language)
                                       and (k != "pipeline" or keep_pipeline)])

    def _notes_of(self, kind: str) -> list[tuple[Note, dict[str, Any]]]:
        """Our notes of one kind, each with its data."""
        return [(note, note.data) for note in self.our_notes.values() if note.data and note.data["kind"] == kind]

    def _themes(self) -> dict[int, int]:
        rows, sources = [], []
        for _, data in self._notes_of("theme"):
            row = _row(data, "row", ("id", "title", "note", "position", "created_at", "created_by"))
            if row is None:
                continue
            self.themes[row["id"]] = row["id"]
            rows.append(row)
            for source in data.get("sources", []):
                document = self.documents.get(source.get("document_id", 0)) if isinstance(source, dict) else None
                if document is None:
                    self.report.note(f"theme {row['title']}: a passage in a document that was not imported was "
                                     "left out")
                    continue
                sources.append({**source, "theme_id": row["id"], "document_id": document})
        store.insert_rows(self.conn, "themes", rows)
        store.insert_rows(self.conn, "theme_sources", sources)
        return self.themes

    def _codes(self, themes: dict[int, int]) -> None:
        codes = self.data.get("codes")
        exported: dict[str, dict[str, Any]] = {guid: value for guid, value in codes.items() if isinstance(value, dict)
                                               } if isinstance(codes, dict) else {}
        guid_of = {id(node): guid for guid, node in self.parsed.codebook.by_guid.items()}
        wanted = [v["id"] for v in exported.values() if isinstance(v.get("id"), int)]
        next_id = max(wanted, default=0) + 1
        used_ids: set[int] = set()
        used_uids: set[str] = set()
        rows: list[dict[str, Any]] = []
        stamp = now()

        def add(nodes: list[CodeNode], parent: int | None) -> None:
            nonlocal next_id
            for position, node in enumerate(nodes):
                guid = guid_of[id(node)]
                extra = exported.get(guid, {})
                code_id: int | None = extra["id"] if isinstance(extra.get("id"), int) else None
                if code_id is None or code_id in used_ids:
                    code_id, next_id = next_id, next_id + 1
                used_ids.add(code_id)
                uid = str(extra.get("uid") or node.uid)
                if uid in used_uids:
                    uid = new_uid()
                used_uids.add(uid)
                theme = themes.get(extra["theme_id"]) if isinstance(extra.get("theme_id"), int) else None
                rows.append({"id": code_id, "uid": uid, "parent_id": parent, "name": node.name,
                             "description": node.description, "colour": node.colour,
                             "position": extra.get("position", position), "created_at": extra.get("created_at", stamp),
                             "theme_id": theme})
                self.codes[guid] = code_id
                if isinstance(extra.get("id"), int):
                    self.code_ids[extra["id"]] = code_id
                add(node.children, code_id)

        add(self.parsed.codebook.nodes, None)
        store.insert_rows(self.conn, "codes", rows)
        self.report.took("codes", len(rows))

    def _units_and_codings(self) -> None:
        placed: list[tuple[int, Selection]] = []
        for source in self.parsed.sources:
            document = self.document_of_source.get(source.guid)
            if document is None:
                for selection in source.selections:
                    self.report.skip("selections", f"{source.label}: {selection.name or selection.guid}",
                                     "its source was not imported")
                continue
            placed.extend((document, selection) for selection in source.selections)
        wanted = [self.own(selection.guid, "unit") for _, selection in placed]
        next_id = max((i for i in wanted if i), default=0) + 1
        units: list[dict[str, Any]] = []
        by_span: dict[tuple[int, int, int], int] = {}
        taken: set[int] = set()
        merged = 0
        for (document, selection), own in zip(placed, wanted, strict=True):
            span = (document, selection.start, selection.end)
            if span in by_span:
                self.units[selection.guid] = by_span[span]
                merged += 1
                continue
            if own is None or own in taken:
                own, next_id = next_id, next_id + 1
            else:
                self.unit_ids[own] = own
            taken.add(own)
            by_span[span] = own
            self.units[selection.guid] = own
            units.append({"id": own, "document_id": document, "start": selection.start, "end": selection.end,
                          "created_at": selection.created_at or now(), "created_by": selection.coder or self.coder})
        store.insert_rows(self.conn, "units", units)
        self.report.took("selections", len(placed))
        if merged:
            verb = "covers" if merged == 1 else "cover"
            self.report.note(f"{plural(merged, 'selection')} {verb} a passage another selection covers: one unit per "
                             "passage, with all their codings")
        self._codings(placed)

    def _codings(self, placed: list[tuple[int, Selection]]) -> None:
        rows: list[dict[str, Any]] = []
        seen: set[tuple[int, int, str]] = set()
        wanted = [self.own(c.guid, "coding") for _, s in placed for c in s.codings]
        next_id = max((i for i in wanted if i), default=0) + 1
        used: set[int] = set()
        top_level: Counter[str] = Counter()
        top_codes = {guid for guid, node in self.parsed.codebook.by_guid.items() if node in self.parsed.codebook.nodes}
        for _, selection in placed:
            unit = self.units[selection.guid]
            for coding in selection.codings:
                code = self.codes.get(coding.code)
                if code is None:
                    self.report.skip("codings", f"{selection.name or selection.guid}", "its code is not in the "
                                     "codebook")
                    continue
                coder = coding.coder or selection.coder or self.coder
                if (unit, code, coder) in seen:
                    self.report.note("a selection coded twice with one code by one coder counts once")
                    continue
                seen.add((unit, code, coder))
                own = self.own(coding.guid, "coding")
                if own is not None and own not in used:
                    self.coding_ids[own] = own
                else:
                    own, next_id = next_id, next_id + 1
                used.add(own)
                self.coding_units[coding.guid] = unit
                if coding.code in top_codes:
                    top_level[coding.code] += 1
                rows.append({"id": own, "unit_id": unit, "code_id": code, "coder": coder,
                             "created_at": coding.created_at or now()})
        store.insert_rows(self.conn, "codings", rows)
        self.report.took("codings", len(rows))
        if top_level and not self.parsed.project_data:
            count = sum(top_level.values())
            verb = "is" if count == 1 else "are"
            self.report.note(f"{plural(count, 'coding')} {verb} on code groups (top-level codes): kept; qualcode "
                             "codes units under subgroups, so move them or the code (qualcode codebook move)")

    def _method_rows(self) -> None:
        """Condensates, syntheses and reading status from our notes, their ids and links mapped."""
        condensates, linked, syntheses, quotes, readings = [], [], [], [], []
        units = set(self.units.values())
        for note, data in self._notes_of("condensate"):
            row = _row(data, "row", ("id", "code_id", "text", "golden_unit_id", "updated_at", "updated_by"))
            code = self.code_ids.get(row["code_id"]) if row else None
            if row is None or code is None:
                self.report.skip("notes", note.name, "its code is not in the codebook")
                continue
            golden = row["golden_unit_id"] if row["golden_unit_id"] in units else None
            condensates.append({**row, "code_id": code, "golden_unit_id": golden})
            linked += [{**link, "condensate_id": row["id"]} for link in data.get("units", [])
                       if isinstance(link, dict) and link.get("unit_id") in units]
            self.report.took("notes")
        for note, data in self._notes_of("synthesis"):
            row = _row(data, "row", ("id", "code_id", "heading", "introduction", "analytic_text", "checked_by",
                                          "checked_at", "updated_at", "updated_by"))
            code = self.code_ids.get(row["code_id"]) if row else None
            if row is None or code is None:
                self.report.skip("notes", note.name, "its code is not in the codebook")
                continue
            syntheses.append({**row, "code_id": code})
            quotes += [{**quote, "synthesis_id": row["id"]} for quote in data.get("quotes", [])
                       if isinstance(quote, dict) and quote.get("unit_id") in units]
            self.report.took("notes")
        for _, data in self._notes_of("reading"):
            for reading in data.get("rows", []):
                document = self.documents.get(reading.get("document_id", 0)) if isinstance(reading, dict) else None
                if document is not None:
                    readings.append({**reading, "document_id": document})
            self.report.took("notes")
        self.report.took("notes", len(self._notes_of("theme")))
        for table, values in (("condensates", condensates), ("condensate_units", linked), ("syntheses", syntheses),
                              ("synthesis_quotes", quotes), ("reading_status", readings)):
            store.insert_rows(self.conn, table, values)

    def _memos(self) -> None:
        """Memos: ours as they were; any other program's notes, and selection and set descriptions."""
        memos: list[dict[str, Any]] = []
        taken = [self.own(note.guid, "memo") for note in self.parsed.notes]
        next_id = max((i for i in taken if i), default=0) + 1
        used: set[int] = set()

        def add(text: str, kind: str, target: int | None, author: str, at: str, own: int | None = None,
                passage: tuple[Any, Any] = (None, None)) -> None:
            nonlocal next_id
            if not text.strip():
                return
            if own is None or own in used:
                own, next_id = next_id, next_id + 1
            used.add(own)
            start, end = passage if kind == "document" and all(isinstance(at, int) for at in passage) else (None, None)
            memos.append({"id": own, "target_kind": kind, "target_id": target, "text": text, "author": author or
                          self.coder, "created_at": at or now(), "start": start, "end": end})

        for note, own in zip(self.parsed.notes, taken, strict=True):
            if note.guid in self.our_notes:
                continue
            row = _row(note.data, "row", ("id", "target_kind", "target_id", "text", "author", "created_at"))
            if row is not None:
                kind, target = self._exported_target(row["target_kind"], row["target_id"])
                text = row["text"] if xml_text(row["text"]) == note.text else note.text  # edited elsewhere?
                add(text, kind, target, note.author or row["author"], note.created_at or row["created_at"], own,
                    (row.get("start"), row.get("end")))  # a memo on a passage: where in the document
            else:
                kind, target, prefix = self._target(note)
                title = note.name if note.name and not note.text.startswith(note.name) else ""
                add(prefix + "\n\n".join(p for p in (title, note.text.strip()) if p), kind, target, note.author,
                    note.created_at)
            self.report.took("notes")
        for source in self.parsed.sources:
            document = self.document_of_source.get(source.guid)
            if source.description and document is not None and source.guid not in self._exported_sources():
                add(source.description, "document", document, "", "")
            for selection in source.selections:
                if selection.description and selection.guid in self.units:
                    add(selection.description, "unit", self.units[selection.guid], selection.coder,
                        selection.created_at)
        for each in self.parsed.sets:
            if guids.row_of(self.namespace, each.guid):
                continue  # our own theme sets: the themes carry them
            names = [self._code_name(guid) for guid in each.codes]
            text = f"Set «{each.name}»" + (f": {each.description}" if each.description else "") + (
                "\n" + ", ".join(n for n in names if n) if names else "")
            add(text, "project", None, "", "")
            self.report.took("sets")
            self.report.note(f"set {each.name!r} was kept as a memo on the project (qualcode has no sets)")
        store.insert_rows(self.conn, "memos", memos)

    def _exported_sources(self) -> set[str]:
        return {guid for note, _ in self._notes_of("document") for kind, guid in note.targets if kind == "source"}

    def _code_name(self, guid: str) -> str:
        node = self.parsed.codebook.by_guid.get(guid)
        return node.name if node else ""

    def _exported_target(self, kind: str, target: Any) -> tuple[str, int | None]:
        maps = {"document": self.documents, "unit": self.unit_ids, "code": self.code_ids, "theme": self.themes}
        if kind in maps and isinstance(target, int) and target in maps[kind]:
            return kind, maps[kind][target]
        return "project", None

    def _target(self, note: Note) -> tuple[str, int | None, str]:
        """What another program's note is on: the first thing that links to it we still have."""
        for kind, guid in note.targets:
            if kind == "code" and guid in self.codes:
                return "code", self.codes[guid], ""
            if kind == "source" and guid in self.document_of_source:
                return "document", self.document_of_source[guid], ""
            if kind == "selection" and guid in self.units:
                return "unit", self.units[guid], ""
            if kind == "coding" and guid in self.coding_units:
                return "unit", self.coding_units[guid], ""
            data = self.our_notes[guid].data if kind == "note" and guid in self.our_notes else None
            if data and data.get("kind") == "theme":
                theme = _row(data, "row", ("id",))
                if theme and theme["id"] in self.themes:
                    return "theme", self.themes[theme["id"]], ""
            if kind == "case":
                case = next((c for c in self.parsed.cases if c.guid == guid), None)
                return "project", None, f"{case.label}: " if case else ""
        return "project", None, ""

    def _extra_tables(self) -> None:
        tables = self.data.get("tables", {})
        if not isinstance(tables, dict):
            return
        present = set(store.table_names(self.conn))
        for table, values in tables.items():
            if table not in present or table in store.CARRIED or not isinstance(values, list) or not values:
                continue
            known = set(store.columns(self.conn, table))
            rows = [{k: v for k, v in row.items() if k in known} for row in values if isinstance(row, dict)]
            problem = store.insert_rows_or_say_why(self.conn, table, rows)
            if problem:  # a table another version shaped differently
                self.report.note(f"table {table} could not be restored ({problem}): left out")


    def _extra_columns(self) -> None:
        """Columns a later schema step added to tables the archive's elements fill, as exported, row by row."""
        columns = self.data.get("columns")
        if not isinstance(columns, dict):
            return
        maps = {"participants": self.participant_ids, "documents": self.documents, "turns": self.turn_ids,
                "codes": self.code_ids, "units": self.unit_ids, "codings": self.coding_ids}
        present = set(store.table_names(self.conn))
        for table, rows in columns.items():
            if table not in maps or table not in present or not isinstance(rows, dict):
                continue
            for old, values in rows.items():
                new = maps[table].get(int(old)) if str(old).isdigit() else None
                if new is not None and isinstance(values, dict):
                    store.set_columns(self.conn, table, new, values)


def _row(data: dict[str, Any] | None, key: str, required: tuple[str, ...]) -> dict[str, Any] | None:
    """A row from one of our notes, if it has what the table needs."""
    row = data.get(key) if data else None
    if not isinstance(row, dict) or any(name not in row for name in required):
        return None
    return {name: (printable(value) if isinstance(value, str) and name == "label" else value)
            for name, value in row.items()}
