"""A whole project as a REFI-QDA archive (.qdpx): project.qde plus each document's stored text in Sources/.

Users are the coders and authors; the codebook keeps our stable ids in its GUIDs; each document is a
TextSource whose text file is the stored text (UTF-8, \\n line breaks), and each unit a PlainTextSelection
counted in code points of that text, with one Coding per coder; memos are Notes linked to what they are on;
participants are Cases with their attributes as Variables. The rest of the method travels as notes
(notes.py). The file is written private and whole (write_private), or not at all.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element, SubElement

from ..codebook.service import CodeInfo, flatten, tree
from ..private_files import write_private
from ..store import exchange as store
from . import guids
from .codebook_export import project_namespace
from .notes import DataNote, encode
from .qdc import codes_element, origin, serialise, xml_text

NAMESPACE = "urn:QDA-XML:project:1.0"
T = f"{{{NAMESPACE}}}"
_DATETIME = re.compile(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")
NAME_LENGTH = 100  # a selection's name is its text, cut like ATLAS.ti cuts it
# the columns the archive's own elements (and the import's writing path) carry; any other column of these
# tables (a later schema step's) travels in the project note, row by row, wherever it holds a value
WRITTEN_COLUMNS = {
    "participants": {"id", "label"},
    "documents": {"id", "label", "title", "kind", "language", "source_name", "sha256", "text", "words",
                  "imported_at", "imported_by"},
    "turns": {"id", "document_id", "start", "end", "speaker", "body_start", "participant_id", "time_start",
              "time_end"},
    "codes": {"id", "uid", "parent_id", "name", "description", "colour", "position", "created_at", "theme_id"},
    "units": {"id", "document_id", "start", "end", "created_at", "created_by"},
    "codings": {"id", "unit_id", "code_id", "coder", "created_at"},
}


@dataclass(frozen=True)
class ExportSummary:
    path: str
    documents: int
    codes: int
    units: int
    codings: int
    notes: int
    participants: int


def export_qdpx(project, path: Path) -> ExportSummary:
    conn = project.conn
    data = {table: store.rows(conn, table) for table in store.CARRIED}
    codebook = tree(conn)
    namespace = project_namespace(conn)
    writer = _Writer(namespace, data, codebook, project.path.stem, project.coder)
    writer.extra = {table: store.rows(conn, table) for table in store.table_names(conn)
                    if table not in store.CARRIED and table not in store.NOT_CARRIED
                    and not store.has_foreign_keys(conn, table)}
    root = writer.project()
    qde = serialise(root)

    def write(temporary: Path) -> None:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.writestr("project.qde", qde)
            for document in data["documents"]:
                member = f"Sources/{writer.document_guid(document['id'])}.txt"
                archive.writestr(member, document["text"].encode("utf-8"))

    write_private(Path(path), write)
    return ExportSummary(str(path), len(data["documents"]), len(flatten(codebook)), len(data["units"]),
                         len(data["codings"]), writer.note_count, len(data["participants"]))


def xml_datetime(value: str | None) -> str | None:
    """A time as xsd:dateTime when it is one (ours are); None leaves the attribute out."""
    return value if value and _DATETIME.fullmatch(value) else None


def selection_name(text: str) -> str:
    squashed = " ".join(text.split())
    return squashed if len(squashed) <= NAME_LENGTH else squashed[:NAME_LENGTH].rstrip() + "…"


class _Writer:
    def __init__(self, namespace: str, data: dict[str, list[dict[str, Any]]], codebook: list[CodeInfo],
                 name: str, coder: str) -> None:
        self.namespace = namespace
        self.coder = coder
        self.data = data
        self.codebook = codebook
        self.name = name
        self.codes = {info.id: info for info in flatten(codebook)}
        self.users: dict[str, str] = {}  # name -> GUID
        self.notes: list[DataNote] = []
        self.note_count = 0
        self.refs: dict[tuple[str, int], list[str]] = defaultdict(list)  # (kind, id) -> note GUIDs on it
        self.extra: dict[str, list[dict[str, Any]]] = {}
        self.documents = {row["id"]: row for row in data["documents"]}
        self.units = {row["id"]: row for row in data["units"]}
        self.turns: dict[int, list[dict[str, Any]]] = defaultdict(list)  # document id -> its turns
        for turn in data["turns"]:
            self.turns[turn["document_id"]].append(turn)
        self.themes = {row["id"]: row for row in data["themes"]}

    def guid(self, kind: str, row_id: int) -> str:
        return guids.row_guid(self.namespace, kind, row_id)

    def document_guid(self, document_id: int) -> str:
        return self.guid("document", document_id)

    def user(self, name: str | None) -> str:
        name = name or "unknown"
        if name not in self.users:
            self.users[name] = guids.named("user", name)
        return self.users[name]

    def unit_text(self, unit_id: int) -> str:
        unit = self.units[unit_id]
        return self.documents[unit["document_id"]]["text"][unit["start"]:unit["end"]]

    def path(self, code_id: int) -> str:
        info = self.codes.get(code_id)
        return info.path if info else f"code {code_id}"

    # the whole document, in the schema's order
    def project(self) -> Element:
        ET.register_namespace("", NAMESPACE)
        self._collect_notes()
        root = Element(f"{T}Project", {"name": xml_text(self.name), "origin": origin()})
        code_refs = {code_id: refs for (kind, code_id), refs in self.refs.items() if kind == "code"}
        parts = [self._codebook(code_refs), self._variables(), self._cases(), self._sources(), self._notes(),
                 self._sets()]
        root.append(self._users())  # last built: by now every coder and author is known
        for part in parts:
            if part is not None:
                root.append(part)
        for ref in self.refs.get(("project", 0), []):
            SubElement(root, f"{T}NoteRef", {"targetGUID": ref})
        return root

    def _users(self) -> Element:
        users = Element(f"{T}Users")
        for name, guid in sorted(self.users.items()):
            SubElement(users, f"{T}User", {"guid": guid, "name": xml_text(name)})
        return users

    def _codebook(self, code_refs: dict[int, list[str]]) -> Element | None:
        if not self.codebook:
            return None
        codebook = Element(f"{T}CodeBook")
        codebook.append(codes_element(T, self.codebook, code_refs))
        return codebook

    def _variables(self) -> Element | None:
        names = list(dict.fromkeys(row["name"] for row in self.data["participant_attributes"]))
        if not names:
            return None
        variables = Element(f"{T}Variables")
        for name in names:
            SubElement(variables, f"{T}Variable", {"guid": guids.named("variable", name), "name": xml_text(name),
                                                  "typeOfVariable": "Text"})
        return variables

    def _cases(self) -> Element | None:
        if not self.data["participants"]:
            return None
        attributes: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in self.data["participant_attributes"]:
            attributes[row["participant_id"]].append(row)
        documents: dict[int, list[int]] = defaultdict(list)
        for turn in self.data["turns"]:
            pid = turn["participant_id"]
            if pid is not None and turn["document_id"] not in documents[pid]:
                documents[pid].append(turn["document_id"])
        cases = Element(f"{T}Cases")
        for person in self.data["participants"]:
            case = SubElement(cases, f"{T}Case", {"guid": self.guid("participant", person["id"]),
                                                 "name": xml_text(person["label"])})
            for row in attributes[person["id"]]:
                value = SubElement(case, f"{T}VariableValue")
                SubElement(value, f"{T}VariableRef", {"targetGUID": guids.named("variable", row["name"])})
                SubElement(value, f"{T}TextValue").text = xml_text(row["value"])
            for document_id in documents[person["id"]]:
                SubElement(case, f"{T}SourceRef", {"targetGUID": self.document_guid(document_id)})
        return cases

    def _sources(self) -> Element | None:
        if not self.data["documents"]:
            return None
        by_document: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for unit in self.data["units"]:
            by_document[unit["document_id"]].append(unit)
        codings: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for coding in self.data["codings"]:
            codings[coding["unit_id"]].append(coding)
        sources = Element(f"{T}Sources")
        for document in self.data["documents"]:
            guid = self.document_guid(document["id"])
            attributes = {"guid": guid, "name": xml_text(document["label"]), "plainTextPath": f"internal://{guid}.txt",
                          "creatingUser": self.user(document["imported_by"])}
            if xml_datetime(document["imported_at"]):
                attributes["creationDateTime"] = document["imported_at"]
            source = SubElement(sources, f"{T}TextSource", attributes)
            if document["title"]:
                SubElement(source, f"{T}Description").text = xml_text(document["title"])
            for unit in sorted(by_document[document["id"]], key=lambda u: (u["start"], u["id"])):
                source.append(self._selection(document, unit, codings[unit["id"]]))
            for ref in self.refs.get(("document", document["id"]), []):
                SubElement(source, f"{T}NoteRef", {"targetGUID": ref})
        return sources

    def _selection(self, document: dict[str, Any], unit: dict[str, Any], codings: list[dict[str, Any]]) -> Element:
        attributes = {"guid": self.guid("unit", unit["id"]),
                      "name": xml_text(selection_name(document["text"][unit["start"]:unit["end"]])),
                      "startPosition": str(unit["start"]), "endPosition": str(unit["end"]),
                      "creatingUser": self.user(unit["created_by"])}
        if xml_datetime(unit["created_at"]):
            attributes["creationDateTime"] = unit["created_at"]
        selection = Element(f"{T}PlainTextSelection", attributes)
        for coding in codings:
            info = self.codes.get(coding["code_id"])
            if info is None:
                continue
            coding_attributes = {"guid": self.guid("coding", coding["id"]), "creatingUser": self.user(coding["coder"])}
            if xml_datetime(coding["created_at"]):
                coding_attributes["creationDateTime"] = coding["created_at"]
            element = SubElement(selection, f"{T}Coding", coding_attributes)
            SubElement(element, f"{T}CodeRef", {"targetGUID": guids.code_guid(info.uid)})
        for ref in self.refs.get(("unit", unit["id"]), []):
            SubElement(selection, f"{T}NoteRef", {"targetGUID": ref})
        return selection

    def _notes(self) -> Element | None:
        if not self.notes:
            return None
        notes = Element(f"{T}Notes")
        for note in self.notes:
            attributes = {"guid": note.guid, "name": xml_text(note.name), "creatingUser": self.user(note.author)}
            if xml_datetime(note.created_at):
                attributes["creationDateTime"] = note.created_at
            element = SubElement(notes, f"{T}Note", attributes)
            SubElement(element, f"{T}Description").text = encode(note.data.pop("kind"), note.data)
            SubElement(element, f"{T}PlainTextContent").text = xml_text(note.text)
            for ref in self.refs.get(note.about, []) if note.about else []:  # memos on a theme
                SubElement(element, f"{T}NoteRef", {"targetGUID": ref})
        self.note_count = len(self.notes)
        return notes

    def _sets(self) -> Element | None:
        """A theme is a set: the codes it became and the documents that prompted it."""
        theme_codes: dict[int, list[CodeInfo]] = defaultdict(list)
        for row in self.data["codes"]:
            if row.get("theme_id") and row["id"] in self.codes:
                theme_codes[row["theme_id"]].append(self.codes[row["id"]])
        sources: dict[int, list[int]] = defaultdict(list)
        for row in self.data["theme_sources"]:
            if row["document_id"] not in sources[row["theme_id"]]:
                sources[row["theme_id"]].append(row["document_id"])
        if not self.data["themes"]:
            return None
        sets = Element(f"{T}Sets")
        for theme in self.data["themes"]:
            element = SubElement(sets, f"{T}Set", {"guid": self.guid("set", theme["id"]),
                                                  "name": xml_text(f"Theme: {theme['title']}")})
            for info in theme_codes[theme["id"]]:
                SubElement(element, f"{T}MemberCode", {"targetGUID": guids.code_guid(info.uid)})
            for document_id in sources[theme["id"]]:
                SubElement(element, f"{T}MemberSource", {"targetGUID": self.document_guid(document_id)})
            SubElement(element, f"{T}MemberNote", {"targetGUID": self.guid("theme", theme["id"])})
        return sets

    # the notes, and what links to each
    def _collect_notes(self) -> None:
        self._project_note()
        for document in self.data["documents"]:
            self._document_note(document)
        self._theme_notes()
        self._condensate_notes()
        self._synthesis_notes()
        self._reading_notes()
        self._memos()

    def _add(self, note: DataNote, *targets: tuple[str, int]) -> None:
        self.notes.append(note)
        self.user(note.author)
        for target in dict.fromkeys(targets):
            self.refs[target].append(note.guid)

    def _project_note(self) -> None:
        code_rows = {row["id"]: row for row in self.data["codes"]}
        codes = {guids.code_guid(info.uid): {key: code_rows[info.id][key] for key in (
            "uid", "id", "position", "created_at", "theme_id")} for info in self.codes.values()}
        columns = {table: {str(row["id"]): extra for row in self.data[table]
                           if (extra := {k: v for k, v in row.items() if k not in known and v is not None})}
                   for table, known in WRITTEN_COLUMNS.items()}
        data = {"kind": "project", "namespace": self.namespace,
                "settings": [[row["key"], row["value"]] for row in self.data["settings"]],
                "codes": codes, "tables": self.extra, "columns": {t: c for t, c in columns.items() if c}}
        text = ("Written by qualcode for its own import: the project's settings, the order and ids of its codes"
                f" ({len(codes)}), and other tables. Themes, condensates, syntheses and reading status are "
                "notes of their own.")
        self._add(DataNote(self.guid("project", 0), "qualcode: project data", text, data, self.coder),
                  ("project", 0))

    def _document_note(self, document: dict[str, Any]) -> None:
        turns = [[t["id"], t["start"], t["end"], t["body_start"], t["speaker"], t["participant_id"],
                  t["time_start"], t["time_end"]] for t in self.turns[document["id"]]]
        row = {key: value for key, value in document.items() if key != "text"}
        data = {"kind": "document", "row": row, "text_sha256": hashlib.sha256(document["text"].encode()).hexdigest(),
                "turns": turns}
        speakers = ", ".join(dict.fromkeys(t[4] for t in turns if t[4])) or "none"
        text = (f"{document['label']}: {document['kind']}, {document['words']:,} words, {len(turns)} speaker turns "
                f"(speakers: {speakers}); imported from {document['source_name']} by {document['imported_by']} "
                f"on {document['imported_at']}.")
        self._add(DataNote(self.guid("document data", document["id"]), f"qualcode: document {document['label']}",
                           text, data, document["imported_by"], document["imported_at"]),
                  ("document", document["id"]))

    def _theme_notes(self) -> None:
        sources: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in self.data["theme_sources"]:
            sources[row["theme_id"]].append(row)
        codes_of: dict[int, list[int]] = defaultdict(list)
        for row in self.data["codes"]:
            if row.get("theme_id"):
                codes_of[row["theme_id"]].append(row["id"])
        for theme in self.data["themes"]:
            targets = [("document", row["document_id"]) for row in sources[theme["id"]]]
            targets += [("code", code_id) for code_id in codes_of[theme["id"]]]
            passages = [f"{self.documents[r['document_id']]['label']}"
                        + (f": «{self.documents[r['document_id']]['text'][r['start']:r['end']]}»"
                           if r["start"] is not None else "") for r in sources[theme["id"]]]
            text = theme["note"] + ("\n\nPrompted by: " + "; ".join(passages) if passages else "")
            data = {"kind": "theme", "row": theme, "sources": sources[theme["id"]]}
            self._add(DataNote(self.guid("theme", theme["id"]), f"Theme: {theme['title']}", text, data,
                               theme["created_by"], theme["created_at"], about=("theme", theme["id"])), *targets)

    def _condensate_notes(self) -> None:
        units: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in self.data["condensate_units"]:
            units[row["condensate_id"]].append(row)
        for row in self.data["condensates"]:
            rests_on = [link["unit_id"] for link in units[row["id"]]]
            text = row["text"]
            if row["golden_unit_id"]:
                text += f"\n\nGolden nugget: «{self.unit_text(row['golden_unit_id'])}»"
            data = {"kind": "condensate", "row": row, "units": units[row["id"]]}
            targets = [("code", row["code_id"])] + [("unit", u) for u in rests_on]
            targets += [("unit", row["golden_unit_id"])] if row["golden_unit_id"] else []
            self._add(DataNote(self.guid("condensate", row["id"]), f"Condensate: {self.path(row['code_id'])}",
                               text, data, row["updated_by"], row["updated_at"]), *targets)

    def _synthesis_notes(self) -> None:
        quotes: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in self.data["synthesis_quotes"]:
            quotes[row["synthesis_id"]].append(row)
        for row in self.data["syntheses"]:
            ordered = sorted(quotes[row["id"]], key=lambda q: q["position"])
            parts = [f"Heading: {row['heading']}" if row["heading"] else "",
                     f"Introduction: {row['introduction']}" if row["introduction"] else "", row["analytic_text"]]
            parts += ["Quotes, in order:\n" + "\n".join(f"{n}. «{self.unit_text(q['unit_id'])}»"
                                                        for n, q in enumerate(ordered, 1))] if ordered else []
            if row["checked_by"]:
                parts.append(f"Read back against the transcripts by {row['checked_by']} ({row['checked_at']}).")
            data = {"kind": "synthesis", "row": row, "quotes": quotes[row["id"]]}
            targets = [("code", row["code_id"])] + [("unit", q["unit_id"]) for q in ordered]
            self._add(DataNote(self.guid("synthesis", row["id"]), f"Synthesis: {self.path(row['code_id'])}",
                               "\n\n".join(p for p in parts if p), data, row["updated_by"], row["updated_at"]),
                      *targets)

    def _reading_notes(self) -> None:
        by_document: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in self.data["reading_status"]:
            by_document[row["document_id"]].append(row)
        for document_id, rows in by_document.items():
            label = self.documents[document_id]["label"]
            text = "\n".join(f"{row['coder']}: {row['status']} ({row['updated_at']})" for row in rows)
            self._add(DataNote(self.guid("reading", document_id), f"Reading status: {label}", text,
                               {"kind": "reading", "rows": rows}, rows[-1]["coder"], rows[-1]["updated_at"]),
                      ("document", document_id))

    def _memos(self) -> None:
        for memo in self.data["memos"]:
            kind, target = memo["target_kind"], memo["target_id"]
            where = {"project": "the project", "document": "document", "theme": "theme", "code": "code",
                     "unit": "unit"}[kind]
            named = self._target_name(kind, target)
            if kind == "document" and memo.get("start") is not None:  # on a passage of the document
                where, named = "passage", f"{named} {memo['start']}-{memo['end']}"
            note = DataNote(self.guid("memo", memo["id"]), f"Memo on {where}{' ' + named if named else ''}",
                            memo["text"], {"kind": "memo", "row": memo}, memo["author"], memo["created_at"])
            self._add(note, (kind, target if kind != "project" else 0))  # on a theme: a NoteRef in its note

    def _target_name(self, kind: str, target: int | None) -> str:
        if target is None:
            return ""
        if kind == "document" and target in self.documents:
            return self.documents[target]["label"]
        if kind == "code":
            return self.path(target)
        if kind == "unit" and target in self.units:
            unit = self.units[target]
            return f"{target} ({self.documents[unit['document_id']]['label']})"
        if kind == "theme":
            return self.themes[target]["title"] if target in self.themes else str(target)
        return str(target)
