"""Word (.docx) body text in reading order: paragraphs, tables and content controls, list numbers as shown.

The main part is found through the package's relationships (not assumed at word/document.xml), and both
Transitional and Strict Open XML are read; equations come in as linear text (`x^2`). What is not the
transcript is left out: tracked deletions, field codes, text boxes, image descriptions, placeholder text
of empty content controls, generated tables of contents; headers, footers, comments and notes live in
other parts and are not read.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from xml.etree.ElementTree import Element

from ..errors import ImportRefused
from .limits import open_safe_zip, parse_xml, read_xml_part
from .numbering import ListNumbers, WordNumbering
from .omml import M, linear
from .transcript_tables import transcript_table

WORD_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",  # Transitional (what Word saves)
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # Strict Open XML
)
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MAIN_DOCUMENT = "/officeDocument"  # the relationship type's last segment, in both flavours
_NUMBERING = "/numbering"
_STYLES = "/styles"


def read_docx(path: Path) -> str:
    """The body text, one paragraph per block; ImportRefused with a reason when there is none."""
    with open_safe_zip(path) as archive:
        main = _main_part(archive)
        root = parse_xml(read_xml_part(archive, main), main)
        related = _related_parts(archive, main)
        numbering_xml = _optional_part(archive, _first(related, _NUMBERING))
        styles_xml = _optional_part(archive, _first(related, _STYLES))
        elsewhere = _parts_with_text(archive, related)
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if namespace not in WORD_NAMESPACES:
        raise ImportRefused(f"{main} is not a WordprocessingML document")
    w = f"{{{namespace}}}"
    body = root.find(f"{w}body")
    if body is None:
        raise ImportRefused(f"{main} has no body: not a Word document")
    numbering = WordNumbering(w, numbering_xml, styles_xml)
    reader = _BodyReader(w, numbering)
    paragraphs: list[str] = []
    reader.blocks(body, paragraphs)
    reader.flush_drop_cap(paragraphs)
    text = "\n\n".join(p for p in paragraphs if p.strip())
    if not text.strip() and (reader.left_out or elsewhere):
        reader.left_out.update(elsewhere)
        raise ImportRefused(f"no body text: the file's only text is in {' and '.join(sorted(reader.left_out))}, "
                            "which is not the transcript")
    return text


def _main_part(archive) -> str:
    """The officeDocument relationship of _rels/.rels names the main part; old or odd packages: word/document.xml."""
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        rels = parse_xml(read_xml_part(archive, "_rels/.rels"), "_rels/.rels")
        for relation in rels.iter(f"{_PACKAGE_RELS}Relationship"):
            if relation.get("Type", "").endswith(_MAIN_DOCUMENT) and relation.get("TargetMode") != "External":
                target = relation.get("Target", "").lstrip("/")
                if target in names:
                    return target
                raise ImportRefused(f"the package names its main part {target!r}, which is missing")
    if "word/document.xml" in names:
        return "word/document.xml"
    raise ImportRefused("no main document part (not a Word document)")


def _related_parts(archive, part: str) -> list[tuple[str, str]]:
    """(relationship type suffix such as /numbering, part name) for each part the part's own .rels names."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in archive.namelist():
        return []
    rels = parse_xml(read_xml_part(archive, rels_name), rels_name)
    found = []
    for relation in rels.iter(f"{_PACKAGE_RELS}Relationship"):
        if relation.get("TargetMode") == "External":
            continue
        kind = "/" + relation.get("Type", "").rsplit("/", 1)[-1]
        target = relation.get("Target", "")
        found.append((kind, target.lstrip("/") if target.startswith("/")
                      else posixpath.normpath(posixpath.join(folder, target))))
    return found


def _first(related: list[tuple[str, str]], kind: str) -> str | None:
    return next((name for found, name in related if found == kind), None)


# parts whose text is not the transcript, named when they hold the only text there is
_NOT_BODY_PARTS = {"/header": "headers and footers", "/footer": "headers and footers", "/footnotes": "footnotes",
                   "/endnotes": "endnotes", "/comments": "comments"}


def _parts_with_text(archive, related: list[tuple[str, str]]) -> set[str]:
    found = set()
    for kind, name in related:
        if kind in _NOT_BODY_PARTS and name in archive.namelist():
            root = parse_xml(read_xml_part(archive, name), name)
            if any((node.text or "").strip() for node in root.iter() if node.tag.endswith("}t")):
                found.add(_NOT_BODY_PARTS[kind])
    return found


def _optional_part(archive, name: str | None) -> Element | None:
    if not name or name not in archive.namelist():
        return None
    return parse_xml(read_xml_part(archive, name), name)


class _BodyReader:
    """Walks the body once, in document order, so that list numbers count as Word counts them."""

    def __init__(self, w: str, numbering: WordNumbering) -> None:
        self.w = w
        self.numbers = ListNumbers()
        self.numbering = numbering
        self.left_out: set[str] = set()  # kinds of text left out, to explain an empty result
        self._texts: dict[int, str] = {}  # a paragraph read for a table's cells is not numbered twice
        self._drop_cap = ""
        w_ = w
        # inside a paragraph: deleted and moved-away text, text boxes, ruby guides, properties, the fallback
        # copy of alternate content
        self._skip_inline = {f"{w_}del", f"{w_}moveFrom", f"{w_}txbxContent", f"{w_}rt", f"{w_}pPr", f"{w_}rPr",
                             f"{w_}sdtPr", f"{w_}sdtEndPr", f"{_MC}Fallback"}

    # blocks: paragraphs, tables, content controls and other wrappers
    def blocks(self, container: Element, out: list[str]) -> None:
        w = self.w
        for child in container:
            tag = child.tag
            if tag == f"{w}p":
                self._paragraph(child, out)
            elif tag == f"{w}tbl":
                self.flush_drop_cap(out)
                self._table(child, out)
            elif tag == f"{w}sdt":
                content = self._control_content(child)
                if content is not None:
                    self.blocks(content, out)
            elif tag in (f"{w}customXml", f"{w}ins", f"{w}moveTo", f"{w}smartTag"):
                self.blocks(child, out)
            elif tag == f"{_MC}AlternateContent":
                choice = child.find(f"{_MC}Choice")
                if choice is not None:
                    self.blocks(choice, out)

    def _control_content(self, sdt: Element) -> Element | None:
        """A content control's content, unless it shows placeholder text or is a generated table of contents."""
        w = self.w
        properties = sdt.find(f"{w}sdtPr")
        if properties is not None:
            if properties.find(f"{w}showingPlcHdr") is not None:
                return None
            gallery = properties.find(f"{w}docPartObj/{w}docPartGallery")
            if gallery is not None and gallery.get(f"{w}val", "").lower().startswith("table of contents"):
                self.left_out.add("a table of contents")
                return None
        return sdt.find(f"{w}sdtContent")

    def _paragraph(self, p: Element, out: list[str]) -> None:
        text = self.paragraph_text(p)
        if self._is_drop_cap(p):  # the big first letter sits in a paragraph of its own: glue it back on
            self._drop_cap += text
            return
        out.append(self._drop_cap + text)
        self._drop_cap = ""

    def flush_drop_cap(self, out: list[str]) -> None:
        if self._drop_cap:
            out.append(self._drop_cap)
            self._drop_cap = ""

    def _is_drop_cap(self, p: Element) -> bool:
        frame = p.find(f"{self.w}pPr/{self.w}framePr")
        return frame is not None and frame.get(f"{self.w}dropCap") in ("drop", "margin")

    def paragraph_text(self, p: Element) -> str:
        if id(p) not in self._texts:
            parts: list[str] = []
            self._inline(p, parts)
            prefix = self.numbering.prefix(p, self.numbers)
            self._texts[id(p)] = prefix + "".join(parts)
        return self._texts[id(p)]

    def _inline(self, element: Element, parts: list[str]) -> None:
        w = self.w
        for child in element:
            tag = child.tag
            if tag == f"{w}t":
                parts.append(child.text or "")
            elif tag in (f"{w}tab", f"{w}ptab"):
                parts.append("\t")
            elif tag in (f"{w}br", f"{w}cr"):
                parts.append("\n")
            elif tag == f"{w}noBreakHyphen":
                parts.append("-")
            elif tag in self._skip_inline:
                if tag == f"{w}txbxContent" and any((t.text or "").strip() for t in child.iter(f"{w}t")):
                    self.left_out.add("text boxes")
            elif tag == f"{w}sdt":
                content = self._control_content(child)
                if content is not None:
                    self._inline(content, parts)
            elif tag == f"{_MC}AlternateContent":
                choice = child.find(f"{_MC}Choice")
                if choice is not None:
                    self._inline(choice, parts)
            elif tag in (f"{M}oMath", f"{M}oMathPara"):
                parts.append(linear(child))  # an equation, as Word's linear format writes it
            else:  # runs, hyperlinks, insertions, simple fields, smart tags, drawings (their text boxes skipped)
                self._inline(child, parts)

    # tables
    def _table(self, table: Element, out: list[str]) -> None:
        rows = [list(self._cells(row)) for row in self._rows(table)]
        texts = [[self._cell_text(cell) for cell in cells] for cells in rows]
        for cells, turn in zip(rows, transcript_table(texts), strict=True):
            if turn is not None:
                out.append(turn)
            else:
                for cell in cells:
                    self.blocks(cell, out)
                    self.flush_drop_cap(out)

    def _rows(self, table: Element):
        yield from self._wrapped(table, f"{self.w}tr")

    def _cells(self, row: Element):
        yield from self._wrapped(row, f"{self.w}tc")

    def _wrapped(self, parent: Element, tag: str):
        """Children of one kind, also inside content controls and custom XML around rows and cells."""
        w = self.w
        for child in parent:
            if child.tag == tag:
                yield child
            elif child.tag == f"{w}sdt":
                content = self._control_content(child)
                if content is not None:
                    yield from self._wrapped(content, tag)
            elif child.tag in (f"{w}customXml", f"{w}ins"):
                yield from self._wrapped(child, tag)

    def _cell_text(self, cell: Element) -> str:
        paragraphs = [self.paragraph_text(p) for p in self._wrapped(cell, f"{self.w}p")]
        return "\n\n".join(t for t in paragraphs if t.strip())
