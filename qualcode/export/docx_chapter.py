"""The chapter as a Word document: heading styles, one named quote style, the project language."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from .chapter import Chapter, Section

QUOTE_STYLE = "Interview Quote"
WORD_LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB", "da": "da-DK", "sv": "sv-SE", "de": "de-DE"}


def write_docx(chapter: Chapter, path: Path) -> None:
    document = docx.Document()
    _set_language(document, WORD_LANGUAGES.get(chapter.language, "en-GB"))
    _quote_style(document)
    body = Body(document)
    body.heading(chapter.title, level=1)
    words = chapter.words
    if chapter.participant_rows:
        body.paragraph(f"{words['table']} 1: {words['participants']}", style="Caption")
        _table(body, chapter.participant_columns, chapter.participant_rows)
    for section in chapter.sections:
        _section(body, chapter, section, level=2)
    if chapter.codebook_rows:
        body.heading(words["codebook"], level=2)
        _table(body, [words["code"], words["description"], words["units"], words["people"]], chapter.codebook_rows)
    if chapter.matrix_rows:
        body.heading(words["matrix"], level=2)
        _table(body, chapter.matrix_columns, chapter.matrix_rows)
        for line in chapter.matrix_legend:
            body.paragraph(line)
    if chapter.methods_rows:
        body.heading(chapter.methods_title, level=2)
        _table(body, chapter.methods_columns, chapter.methods_rows)
    document.save(str(path))


class Body:
    """Appends paragraphs to the end of a document's body in constant time.

    python-docx's add_paragraph looks for the body's closing section properties from the first child on,
    and finds the style by its name among all styles, on every call: a chapter of 10,000 quotes took
    minutes, growing with the square of its length. Here the end is found once and each style once;
    the XML written is the same."""

    def __init__(self, document) -> None:
        self.document = document
        self._parent = document._body  # python-docx's proxy for <w:body>, the parent a Paragraph needs
        self._end = document.element.body.get_or_add_sectPr()
        self._style_ids: dict[str, str | None] = {}

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        self._end.addprevious(element)
        paragraph = Paragraph(element, self._parent)
        if text:
            paragraph.add_run(text)
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self.document.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            element.style = self._style_ids[style]
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        return self.paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def table(self, rows: int, cols: int):
        return self.document.add_table(rows=rows, cols=cols)


def _section(body: Body, chapter: Chapter, section: Section, level: int) -> None:
    body.heading(f"{section.number} {section.heading}", level=level)
    for text in _paragraphs(section.introduction):
        body.paragraph(text)
    if section.condensate:
        label = body.paragraph()
        label.add_run(f"{chapter.words['condensate']}: ").bold = True
        label.add_run(section.condensate).italic = True
    for text in _paragraphs(section.analytic_text):
        body.paragraph(text)
    for quote in section.quotes:
        paragraph = body.paragraph(style=QUOTE_STYLE)
        paragraph.add_run(f"{chapter.quote_open}{quote.text}{chapter.quote_close}")
        attribution = paragraph.add_run(f" {quote.attribution}")
        attribution.italic = False
    for subsection in section.subsections:
        _section(body, chapter, subsection, level + 1)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _quote_style(document) -> None:
    styles = document.styles
    style = styles.add_style(QUOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.quick_style = True
    style.font.italic = True
    style.font.size = Pt(10.5)
    style.paragraph_format.left_indent = Cm(1.25)
    style.paragraph_format.right_indent = Cm(1.0)
    style.paragraph_format.space_before = Pt(4)
    style.paragraph_format.space_after = Pt(8)


def _set_language(document, tag: str) -> None:
    """Spell-checking and hyphenation follow the project language (docDefaults and Normal)."""
    styles_element = document.styles.element
    defaults = styles_element.find(qn("w:docDefaults"))
    targets = [document.styles["Normal"].element.get_or_add_rPr()]
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None and run_defaults.find(qn("w:rPr")) is not None:
            targets.append(run_defaults.find(qn("w:rPr")))
    for rpr in targets:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
        lang.set(qn("w:bidi"), tag)


TEXT_WIDTH_CM = 16.0


def column_widths(columns: list[str], rows: list[list[str]], total: float = TEXT_WIDTH_CM) -> list[float]:
    """Widths in cm that keep the longest word of each column whole and give long text the room."""
    weights = []
    for index, name in enumerate(columns):
        cells = [name] + [row[index] for row in rows]
        longest_word = max((len(word) for cell in cells for word in cell.split()), default=4)
        longest_cell = max((len(cell) for cell in cells), default=4)
        weights.append(max(longest_word + 1, min(longest_cell, 60) ** 0.85))
    scale = total / sum(weights)
    return [w * scale for w in weights]


def _table(body: Body, columns: list[str], rows: list[list[str]]) -> None:
    widths = [Cm(w) for w in column_widths(columns, rows)]
    table = body.table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    for cell, name in zip(table.rows[0].cells, columns, strict=False):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = value
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width  # the grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
    body.paragraph()
