"""Reading a .qdpx from any writer into plain records, with every selection placed on our stored text.

Nothing is written here: a hostile or broken archive is refused before a project is touched. What the reader
meets and tolerates is told to the report: the .qde's name and folder case, `internal://`, `relative://`
and bare source paths, missing or empty source files (a source that only has its .docx is read through our
docx reader), GUID spellings, how positions were counted, source kinds we do not read, unknown elements.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree.ElementTree import Element

from ..errors import ImportRefused
from ..ingest.encoding import decode_bytes
from ..wording import plural, printable
from . import guids, notes, positions
from .qdc import FittedCodebook, ForeignSet, fit, note_namespace, note_unknown, read_codes, read_guid, read_sets
from .report import ExchangeReport
from .xml_safety import SafeArchive, child, children, local_name, open_archive, parse_xml, text_of

NAMESPACE = "urn:QDA-XML:project:1.0"
_OTHER_SOURCES = {"PictureSource": "a picture", "PDFSource": "a PDF", "AudioSource": "audio",
                  "VideoSource": "video"}
_KNOWN = {"Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs", "Description",
          "NoteRef"}
_LABEL_SUFFIXES = (".txt", ".docx", ".doc", ".rtf", ".odt", ".pdf", ".md")
# what each element may hold (Project.xsd); anything else is a vendor's and is counted in the report
_SOURCE_PARTS = frozenset({"Description", "PlainTextContent", "PlainTextSelection", "Coding", "NoteRef",
                           "VariableValue"})
_SELECTION_PARTS = frozenset({"Description", "Coding", "NoteRef"})
_CASE_PARTS = frozenset({"Description", "CodeRef", "VariableValue", "SourceRef", "SelectionRef"})


@dataclass
class Coding:
    guid: str
    code: str  # the code's GUID
    coder: str
    created_at: str


@dataclass
class Selection:
    guid: str
    start: int  # offsets in the text we store, once placed
    end: int
    name: str
    coder: str
    created_at: str
    codings: list[Coding] = field(default_factory=list)
    description: str = ""  # a writer's comment on the passage (ATLAS.ti): a memo on the unit


@dataclass
class Source:
    guid: str
    label: str
    source_name: str
    sha256: str
    text: str | None = None  # the text we store (plain-text sources)
    docx: bytes | None = None  # a source whose only text is its .docx
    selections: list[Selection] = field(default_factory=list)
    description: str = ""
    name: str = ""  # as the archive wrote it (the label drops a file suffix and is made distinct)


@dataclass
class Case:
    guid: str
    label: str
    attributes: list[tuple[str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Note:
    guid: str
    name: str
    text: str
    author: str
    created_at: str
    data: dict[str, Any] | None = None  # one of our notes: the rows it carries
    targets: list[tuple[str, str]] = field(default_factory=list)  # (what it is on, that thing's GUID)


@dataclass
class ParsedArchive:
    name: str
    origin: str
    users: dict[str, str]  # GUID -> name
    codebook: FittedCodebook
    sets: list[ForeignSet]
    sources: list[Source]
    cases: list[Case]
    notes: list[Note]
    project_data: dict[str, Any] | None  # our project note: settings, code ids, namespace
    namespace: str | None


def read_archive(path: Path, report: ExchangeReport) -> ParsedArchive:
    with open_archive(path) as archive:
        qde = _find_qde(archive, report)
        root = parse_xml(archive.read(qde), qde)
        if local_name(root) != "Project":
            raise ImportRefused(f"{qde} is not a REFI-QDA project (its root is <{local_name(root)}>)")
        note_namespace(root, NAMESPACE, report)
        parsed = _Reader(archive, root, report).read()
        report.note_unknown()
        return parsed


def _find_qde(archive: SafeArchive, report: ExchangeReport) -> str:
    found = [name for name in archive.names if name.lower().endswith(".qde") and "/" not in name.strip("/")]
    found = found or [name for name in archive.names if name.lower().endswith(".qde")]
    if not found:
        raise ImportRefused(f"{archive.path.name} holds no .qde project file: not a REFI-QDA project archive")
    if len(found) > 1:
        preferred = [name for name in found if name.lower() == "project.qde"]
        if len(preferred) != 1:
            raise ImportRefused(f"{archive.path.name} holds {len(found)} .qde files ({', '.join(found[:3])}): "
                                "which is the project?")
        found = preferred
    if found[0] != "project.qde":
        report.note(f"the project file is called {found[0]!r} (not project.qde): read as the project")
    return found[0]


class _Reader:
    def __init__(self, archive: SafeArchive, root: Element, report: ExchangeReport) -> None:
        self.archive = archive
        self.root = root
        self.report = report
        self.base_path = root.get("basePath") or ""
        self.ours = False  # our own project note is in the archive: we wrote it, in code points

    def read(self) -> ParsedArchive:
        root, report = self.root, self.report
        note_unknown(root, _KNOWN, report, where="the project")
        users = self._users()
        codebook_element = child(root, "CodeBook")
        codes = read_codes(child(codebook_element, "Codes") if codebook_element is not None else None, report)
        written_by_us = (root.get("origin") or "").startswith("qualcode")
        codebook = fit(codes, report, backslash_paths=not written_by_us)
        variables = {read_guid(v.get("guid"), report): printable(v.get("name") or "").strip()
                     for v in children(child(root, "Variables") or Element("x"), "Variable")}
        cases = self._cases(variables)
        note_list = self._notes(users)
        self.ours = any(n.data and n.data.get("kind") == "project" for n in note_list)
        sources = self._sources(users)
        self._attach_note_refs(note_list)
        sets_element = child(root, "Sets")
        sets = read_sets(sets_element, report) if sets_element is not None else []
        for kind in ("Links", "Graphs"):
            container = child(root, kind)
            for element in children(container, kind[:-1]) if container is not None else []:
                report.skip(kind.lower(), element.get("name") or read_guid(element.get("guid"), report),
                            f"qualcode has no {'links between items' if kind == 'Links' else 'graphs'}")
        project_data = next((n.data for n in note_list if n.data and n.data.get("kind") == "project"), None)
        namespace = project_data.get("namespace") if project_data else None
        return ParsedArchive(root.get("name") or "", root.get("origin") or "", users, codebook, sets, sources,
                             cases, note_list, project_data, namespace if isinstance(namespace, str) else None)

    def _users(self) -> dict[str, str]:
        container = child(self.root, "Users")
        users = {}
        for user in children(container, "User") if container is not None else []:
            guid = read_guid(user.get("guid"), self.report)
            users[guid] = printable(user.get("name") or user.get("id") or guid).strip() or guid
        self.report.took("users", len(users))
        return users

    def _cases(self, variables: dict[str, str]) -> list[Case]:
        container = child(self.root, "Cases")
        found = []
        for element in children(container, "Case") if container is not None else []:
            guid = read_guid(element.get("guid"), self.report)
            note_unknown(element, _CASE_PARTS, self.report, where="a Case")
            label = printable(element.get("name") or "").strip() or f"case {guid[:8]}"
            case = Case(guid, label)
            for value in children(element, "VariableValue"):
                ref = child(value, "VariableRef")
                name = variables.get(read_guid(ref.get("targetGUID") if ref is not None else "", self.report), "")
                held = next((each for each in value if local_name(each) != "VariableRef"), None)
                if name:
                    case.attributes.append((name, printable(text_of(held)).strip()))
            case.sources = [read_guid(ref.get("targetGUID"), self.report) for ref in children(element, "SourceRef")]
            for kind, why in (("CodeRef", "a case coded with a code"), ("SelectionRef", "a case's own selections")):
                refs = children(element, kind)
                if refs:
                    self.report.skip("cases", f"{label}: {len(refs)} {kind}",
                                     f"{why}: qualcode links participants through speaker turns")
            found.append(case)
        return found

    # sources
    def _sources(self, users: dict[str, str]) -> list[Source]:
        container = child(self.root, "Sources")
        if container is None:
            return []
        found: list[Source] = []
        raw_texts: list[tuple[Source, str, list[positions.Span], list[Selection]]] = []
        labels: set[str] = set()
        for element in container:
            kind = local_name(element)
            if kind in _OTHER_SOURCES:
                self._skip_other_source(element, kind)
                continue
            if kind != "TextSource":
                self.report.unknown[f"<{kind}> in Sources"] += 1
                continue
            note_unknown(element, _SOURCE_PARTS, self.report, where="a TextSource")
            source, raw = self._text_source(element, labels)
            if source is None:
                self._skip_contents(element, element.get("name") or element.get("guid") or kind,
                                    "its source was not imported")
                continue
            spans, selections = self._selections(element, source, users)
            for _ in children(element, "Coding"):
                self.report.skip("codings", f"{source.label}: a coding of the whole source",
                                 "qualcode codes passages, not whole sources")
            for _ in children(element, "VariableValue"):
                self.report.skip("variables", f"{source.label}: a value of the source itself",
                                 "qualcode's attributes belong to participants")
            found.append(source)
            if raw is not None:
                raw_texts.append((source, raw, spans, selections))
            elif selections:
                for selection in selections:
                    self.report.skip("selections", f"{source.label}: {selection.name or selection.guid}",
                                     "its positions count the plain text, which the archive lacks")
        self._place(raw_texts)
        return found

    def _skip_other_source(self, element: Element, kind: str) -> None:
        name = element.get("name") or element.get("guid") or kind
        self.report.skip("sources", name, f"{_OTHER_SOURCES[kind]}: qualcode reads text sources")
        self._skip_contents(element, name, "on a source qualcode does not read")

    def _skip_contents(self, element: Element, name: str, why: str) -> None:
        for each in element.iter():
            if local_name(each).endswith("Selection"):
                self.report.skip("selections", f"{name}: {each.get('name') or each.get('guid')}", why)
            elif local_name(each) == "Coding":
                self.report.skip("codings", name, why)

    def _text_source(self, element: Element, labels: set[str]) -> tuple[Source | None, str | None]:
        guid = read_guid(element.get("guid"), self.report)
        plain_path = element.get("plainTextPath") or ""
        inline = child(element, "PlainTextContent")
        name = printable(element.get("name") or "").strip()
        label = _label(name or PurePosixPath(plain_path.split("://")[-1]).name or guid, labels)
        data: bytes | None = None
        member = None
        if inline is not None:
            inline_text = text_of(inline)
            raw_text: str | None = inline_text
            data = inline_text.encode("utf-8")
            source_name = f"{label}.txt"
        else:
            member = self._member(plain_path, label, "its text file")
            raw_text = None
            source_name = PurePosixPath(member or plain_path.split("://")[-1] or f"{label}.txt").name
            if member is not None:
                data = self.archive.read(member)
                try:
                    raw_text = decode_bytes(data).text
                except ImportRefused as exc:
                    self.report.skip("sources", label, f"its text file {member} cannot be read: {exc}")
                    return None, None
        empty = raw_text is not None and not raw_text.strip()
        if empty:
            raw_text = None
        source = Source(guid, label, source_name, "", name=name)
        source.description = text_of(child(element, "Description")).strip()
        if raw_text is None:
            rich = self._member(element.get("richTextPath") or "", label, "its .docx", missing_ok=True)
            if rich is None or not rich.lower().endswith(".docx"):
                if inline is None and member is None:
                    self.report.skip("sources", f"{label} ({plain_path or 'no file named'})",
                                     "its text file is missing from the archive")
                else:
                    self.report.skip("sources", label, "it holds no text")
                return None, None
            source.docx = self.archive.read(rich)
            source.sha256 = hashlib.sha256(source.docx).hexdigest()
            source.source_name = PurePosixPath(rich).name
            self.report.note(f"{label}: its text file {'is empty' if empty else 'is missing'}: its .docx ({rich}) "
                             "is read instead, through qualcode's Word reader")
            return source, None
        source.sha256 = hashlib.sha256(data or b"").hexdigest()
        return source, raw_text

    def _member(self, reference: str, label: str, what: str, *, missing_ok: bool = False) -> str | None:
        """The archive member a source path names; never a file outside the archive."""
        if not reference:
            return None
        scheme, _, rest = reference.partition("://") if "://" in reference else ("", "", reference)
        rest = rest.lstrip("/")
        if scheme.lower() not in ("", "internal", "relative"):
            self.report.note(f"{label}: {what} {reference} is outside the archive: not read")
            return None
        if scheme.lower() == "relative":
            found = self.archive.find(f"sources/{PurePosixPath(rest).name}")
            if found is None and not missing_ok:
                self.report.note(f"{label}: {what} {reference} is relative to {self.base_path or 'a base path'} "
                                 "outside the archive: not read")
            return found
        for candidate in (f"sources/{rest}", rest):
            found = self.archive.find(candidate)
            if found is not None:
                if not scheme:
                    self.report.note(f"source paths without internal:// (such as {reference}) were found in "
                                     f"{PurePosixPath(found).parent or 'the archive'}/", once="bare paths")
                if found.split("/")[0] not in ("Sources", "") and "/" in found:
                    self.report.note(f"the sources folder is called {found.split('/')[0]}/: matched "
                                     "without regard to case")
                return found
        return None

    def _selections(self, element: Element, source: Source,
                    users: dict[str, str]) -> tuple[list[positions.Span], list[Selection]]:
        spans, found = [], []
        for selection in children(element, "PlainTextSelection"):
            try:
                start, end = int(selection.get("startPosition") or ""), int(selection.get("endPosition") or "")
            except ValueError:
                self.report.skip("selections", f"{source.label}: {selection.get('name') or selection.get('guid')}",
                                 "its positions are not numbers")
                continue
            name = selection.get("name") or ""
            note_unknown(selection, _SELECTION_PARTS, self.report, where="a PlainTextSelection")
            item = Selection(read_guid(selection.get("guid"), self.report), start, end, name,
                             self._user(selection.get("creatingUser"), users), selection.get("creationDateTime") or "",
                             description=text_of(child(selection, "Description")).strip())
            for coding in children(selection, "Coding"):
                ref = child(coding, "CodeRef")
                item.codings.append(Coding(read_guid(coding.get("guid"), self.report),
                                           read_guid(ref.get("targetGUID") if ref is not None else "", self.report),
                                           self._user(coding.get("creatingUser"), users) or item.coder,
                                           coding.get("creationDateTime") or item.created_at))
            spans.append(positions.Span(start, end, name))
            found.append(item)
        return spans, found

    def _user(self, guid: str | None, users: dict[str, str]) -> str:
        key = guids.normalise(guid)
        return users.get(key, key) if key else ""

    def _place(self, raw_texts: list[tuple[Source, str, list[positions.Span], list[Selection]]]) -> None:
        """Choose the reading on the whole archive's evidence, then move every selection onto stored text."""
        choice = positions.choose([(raw, spans) for _, raw, spans, _ in raw_texts], ours=self.ours)
        if choice.total:
            self.report.position_reading = choice.reading.key
            self.report.note(choice.describe())
        off_edges: list[str] = []
        for source, raw, _, selections in raw_texts:
            stored = positions.StoredOffsets(raw)
            source.text = stored.text
            index_of = positions.positions_of(raw, choice.reading)
            for selection in selections:
                what = f"{source.label}: {selection.name or selection.guid}"
                start, end = index_of(selection.start), index_of(selection.end)
                if start is None or end is None or not 0 <= start < end <= len(raw):
                    self.report.skip("selections", what, f"positions {selection.start}-{selection.end} fall "
                                     f"outside its text ({len(raw)} characters) as {choice.reading.label}")
                    continue
                if not stored.exact:
                    self.report.skip("selections", what, "its text could not be lined up with the stored text")
                    continue
                if not (positions.is_word_edge(raw, start) and positions.is_word_edge(raw, end)):
                    off_edges.append(f"{what[:60]} ({selection.start}-{selection.end})")
                selection.start, selection.end = stored(start), stored(end)
                if selection.start >= selection.end:
                    self.report.skip("selections", what, "it holds only line breaks")
                    continue
                source.selections.append(selection)
        if off_edges:
            self.report.note(f"{plural(len(off_edges), 'selection')} begin or end inside a word, as their writer "
                             f"placed them (kept as they are): {'; '.join(off_edges[:5])}")

    # notes
    def _notes(self, users: dict[str, str]) -> list[Note]:
        container = child(self.root, "Notes")
        found = []
        for element in children(container, "Note") if container is not None else []:
            guid = read_guid(element.get("guid"), self.report)
            note_unknown(element, _SOURCE_PARTS, self.report, where="a Note")
            inline = child(element, "PlainTextContent")
            text = text_of(inline)
            if inline is None and element.get("plainTextPath"):
                member = self._member(element.get("plainTextPath") or "", element.get("name") or guid, "its text")
                if member is not None:
                    try:
                        text = decode_bytes(self.archive.read(member)).text
                    except ImportRefused as exc:
                        self.report.skip("notes", element.get("name") or guid, f"its text cannot be read: {exc}")
                        continue
            description = text_of(child(element, "Description"))
            found.append(Note(guid, printable(element.get("name") or "").strip(), text,
                              self._user(element.get("creatingUser"), users), element.get("creationDateTime") or "",
                              notes.decode(description)))
        return found

    def _attach_note_refs(self, found: list[Note]) -> None:
        """Every NoteRef, wherever it is: what the note it names is on."""
        by_guid = {note.guid: note for note in found}
        stack: list[tuple[Element, tuple[str, str]]] = [(self.root, ("project", ""))]
        owners = {"Code": "code", "TextSource": "source", "PlainTextSelection": "selection", "Case": "case",
                  "Note": "note", "Coding": "coding"}
        while stack:
            element, owner = stack.pop()
            for each in element:
                kind = local_name(each)
                if kind == "NoteRef":
                    note = by_guid.get(read_guid(each.get("targetGUID"), self.report))
                    if note is not None:
                        note.targets.append(owner)
                elif kind in owners:
                    stack.append((each, (owners[kind], read_guid(each.get("guid"), self.report))))
                elif kind in ("Description", "PlainTextContent"):
                    continue
                else:
                    stack.append((each, owner if kind not in _OTHER_SOURCES else ("other", "")))


def _label(name: str, taken: set[str]) -> str:
    """A document label from a source's name: its file suffix dropped, made distinct from the others."""
    label = name.strip()
    for suffix in _LABEL_SUFFIXES:
        if label.lower().endswith(suffix) and len(label) > len(suffix):
            label = label[: -len(suffix)].strip()
            break
    label = label or "dokument"
    unique, number = label, 2
    while unique.casefold() in taken:
        unique = f"{label} ({number})"
        number += 1
    taken.add(unique.casefold())
    return unique
