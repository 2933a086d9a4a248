"""The chapter as a Word document: heading styles, one named quote style, the project language."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .chapter import Chapter, Section

QUOTE_STYLE = "Interview Quote"
WORD_LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB", "da": "da-DK", "sv": "sv-SE", "de": "de-DE"}


def write_docx(chapter: Chapter, path: Path) -> None:
    document = docx.Document()
    _set_language(document, WORD_LANGUAGES.get(chapter.language, "en-GB"))
    _quote_style(document)
    document.add_heading(chapter.title, level=1)
    words = chapter.words
    if chapter.participant_rows:
        document.add_paragraph(f"{words['table']} 1: {words['participants']}", style="Caption")
        _table(document, chapter.participant_columns, chapter.participant_rows)
    for section in chapter.sections:
        _section(document, chapter, section, level=2)
    if chapter.codebook_rows:
        document.add_heading(words["codebook"], level=2)
        _table(document, [words["code"], words["description"], words["units"], words["people"]], chapter.codebook_rows)
    if chapter.matrix_rows:
        document.add_heading(words["matrix"], level=2)
        _table(document, chapter.matrix_columns, chapter.matrix_rows)
        for line in chapter.matrix_legend:
            document.add_paragraph(line)
    if chapter.methods_rows:
        document.add_heading(chapter.methods_title, level=2)
        _table(document, chapter.methods_columns, chapter.methods_rows)
    document.save(str(path))


def _section(document, chapter: Chapter, section: Section, level: int) -> None:
    document.add_heading(f"{section.number} {section.heading}", level=level)
    for paragraph in _paragraphs(section.introduction):
        document.add_paragraph(paragraph)
    if section.condensate:
        label = document.add_paragraph()
        label.add_run(f"{chapter.words['condensate']}: ").bold = True
        label.add_run(section.condensate).italic = True
    for paragraph in _paragraphs(section.analytic_text):
        document.add_paragraph(paragraph)
    for quote in section.quotes:
        paragraph = document.add_paragraph(style=QUOTE_STYLE)
        paragraph.add_run(f"{chapter.quote_open}{quote.text}{chapter.quote_close}")
        attribution = paragraph.add_run(f" {quote.attribution}")
        attribution.italic = False
    for subsection in section.subsections:
        _section(document, chapter, subsection, level + 1)


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


def _table(document, columns: list[str], rows: list[list[str]]) -> None:
    widths = [Cm(w) for w in column_widths(columns, rows)]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    for cell, name in zip(table.rows[0].cells, columns):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    document.add_paragraph()
