"""OpenDocument text (.odt): headings, paragraphs, numbered lists and table cells of content.xml in order.

Left out because it is not the transcript: notes and comments, drawings and frames (image descriptions,
text boxes and their captions), tracked deletions (kept apart in text:tracked-changes), generated indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.etree.ElementTree import Element

from ..errors import ImportRefused
from .limits import open_safe_zip, parse_xml, read_xml_part
from .numbering import ListNumbers, format_number
from .transcript_tables import transcript_table

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_DRAWINGS = ("{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}",
             "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}",
             "{http://www.w3.org/2000/svg}", "{urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0}")
_NOT_BODY = {f"{_TEXT}tracked-changes", f"{_TEXT}table-of-content", f"{_TEXT}alphabetical-index",
             f"{_TEXT}illustration-index", f"{_TEXT}table-index", f"{_TEXT}object-index", f"{_TEXT}user-index",
             f"{_TEXT}bibliography", f"{_OFFICE}forms", f"{_TEXT}note", f"{_OFFICE}annotation",
             f"{_TEXT}ruby-text"}


def read_odt(path: Path) -> str:
    with open_safe_zip(path) as archive:
        root = parse_xml(read_xml_part(archive, "content.xml"), "content.xml")
        styles = parse_xml(read_xml_part(archive, "styles.xml"), "styles.xml") \
            if "styles.xml" in archive.namelist() else None
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise ImportRefused("content.xml has no text body: not a text document")
    reader = _BodyReader(_list_styles(root, styles))
    paragraphs: list[str] = []
    reader.blocks(body, paragraphs)
    text = "\n\n".join(p for p in paragraphs if p.strip())
    if not text.strip() and reader.left_out:
        raise ImportRefused(f"no body text: the file's only text is in {' and '.join(sorted(reader.left_out))}, "
                            "which is not the transcript")
    return text


def _list_styles(*roots: Element | None) -> dict[str, dict[int, tuple[str, str, str, int, int]]]:
    """List style name -> level (0-based) -> (num-format, prefix, suffix, display levels, start value)."""
    styles: dict[str, dict[int, tuple[str, str, str, int, int]]] = {}
    for root in roots:
        if root is None:
            continue
        for list_style in root.iter(f"{_TEXT}list-style"):
            levels = {}
            for level in list_style:
                index = _int(level.get(f"{_TEXT}level"), 1) - 1
                if level.tag == f"{_TEXT}list-level-style-number":
                    levels[index] = (level.get(f"{_STYLE}num-format", ""), level.get(f"{_STYLE}num-prefix", ""),
                                     level.get(f"{_STYLE}num-suffix", ""),
                                     _int(level.get(f"{_TEXT}display-levels"), 1),
                                     _int(level.get(f"{_TEXT}start-value"), 1))
            styles[list_style.get(f"{_STYLE}name", "")] = levels
    return styles


class _BodyReader:
    def __init__(self, list_styles: dict) -> None:
        self.list_styles = list_styles
        self.numbers = ListNumbers()
        self.left_out: set[str] = set()
        self._lists_made = 0
        self._last_list_of_style: dict[str, str] = {}
        self._list_by_xml_id: dict[str, str] = {}

    def blocks(self, children: Iterable[Element], out: list[str], in_list: tuple[str, str, int] | None = None) -> None:
        """Paragraphs of an element's children; `in_list`: (list id, list style, level) of the item being read."""
        for child in children:
            tag = child.tag
            if tag in (f"{_TEXT}p", f"{_TEXT}h"):
                out.append(self.inline(child))
            elif tag == f"{_TABLE}table":
                self._table(child, out)
            elif tag == f"{_TEXT}list":
                self._list(child, out, in_list)
            elif tag in _NOT_BODY or tag.startswith(_DRAWINGS):
                self._note_left_out(child)
            else:  # sections, table cells, change marks and other wrappers hold paragraphs further down
                self.blocks(child, out, in_list)

    def _list(self, element: Element, out: list[str], parent: tuple[str, str, int] | None) -> None:
        style = element.get(f"{_TEXT}style-name") or (parent[1] if parent else "")
        if parent is not None:
            list_id, level = parent[0], parent[2] + 1
        else:
            level = 0
            continued = element.get(f"{_TEXT}continue-list")
            if continued in self._list_by_xml_id:
                list_id = self._list_by_xml_id[continued]
            elif element.get(f"{_TEXT}continue-numbering") == "true" and style in self._last_list_of_style:
                list_id = self._last_list_of_style[style]
            else:
                self._lists_made += 1
                list_id = f"list{self._lists_made}"
            self._last_list_of_style[style] = list_id
        xml_id = element.get(_XML_ID)
        if xml_id:
            self._list_by_xml_id[xml_id] = list_id
        for item in element:
            if item.tag not in (f"{_TEXT}list-item", f"{_TEXT}list-header"):
                continue
            numbered = item.tag == f"{_TEXT}list-item"
            restart = item.get(f"{_TEXT}start-value")
            first = True
            for child in item:
                if child.tag in (f"{_TEXT}p", f"{_TEXT}h"):
                    prefix = ""
                    if first and numbered:
                        prefix = self._number(list_id, style, level, restart)
                    out.append(prefix + self.inline(child))
                    first = False
                else:
                    self.blocks([child], out, (list_id, style, level))  # nested lists, tables

    def _number(self, list_id: str, style: str, level: int, restart: str | None) -> str:
        levels = self.list_styles.get(style, {})
        starts = {index: spec[4] for index, spec in levels.items()}
        if restart is not None:
            self.numbers.counters.setdefault(list_id, {}).pop(level, None)
            starts[level] = _int(restart, 1)
        counters = self.numbers.step(list_id, level, starts)
        if level not in levels:
            return ""  # a bullet list, or a level with no number
        num_format, prefix, suffix, display, _ = levels[level]
        shown = []
        for index in range(max(0, level - display + 1), level + 1):
            spec = levels.get(index)
            value = format_number(counters.get(index, 1), spec[0]) if spec else None
            if value is None:
                return ""
            shown.append(value)
        if format_number(1, num_format) is None:
            return ""
        return f"{prefix}{'.'.join(shown)}{suffix} "

    def _table(self, table: Element, out: list[str]) -> None:
        rows = list(table.iter(f"{_TABLE}table-row"))
        texts = [["\n\n".join(t for p in cell.iter() if p.tag in (f"{_TEXT}p", f"{_TEXT}h")
                               if (t := self.inline(p)).strip())
                  for cell in row if cell.tag == f"{_TABLE}table-cell"] for row in rows]
        for row, turn in zip(rows, transcript_table(texts), strict=True):
            if turn is not None:
                out.append(turn)
            else:
                self.blocks(row, out)

    def inline(self, element: Element) -> str:
        parts = [element.text or ""]
        for child in element:
            if child.tag == f"{_TEXT}s":
                count = child.get(f"{_TEXT}c", "1")
                parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
            elif child.tag == f"{_TEXT}tab":
                parts.append("\t")
            elif child.tag == f"{_TEXT}line-break":
                parts.append("\n")
            elif child.tag in _NOT_BODY or child.tag.startswith(_DRAWINGS):
                self._note_left_out(child)  # its text goes, the text after it stays
            else:
                parts.append(self.inline(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def _note_left_out(self, element: Element) -> None:
        if element.tag.startswith(_DRAWINGS) and any(
            (t.text or "").strip() for t in element.iter() if t.tag in (f"{_TEXT}p", f"{_TEXT}span")
        ):
            self.left_out.add("frames and text boxes")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
