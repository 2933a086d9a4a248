"""The chapter as Markdown: the same content as the Word export."""

from __future__ import annotations

from pathlib import Path

from .chapter import Chapter, Section


def write_markdown(chapter: Chapter, path: Path) -> None:
    path.write_text(render_markdown(chapter), encoding="utf-8")


def render_markdown(chapter: Chapter) -> str:
    words = chapter.words
    out = [f"# {chapter.title}", ""]
    if chapter.participant_rows:
        out += [f"*{words['table']} 1: {words['participants']}*", "",
                *_table(chapter.participant_columns, chapter.participant_rows), ""]
    for section in chapter.sections:
        out += _section(chapter, section, 2)
    if chapter.codebook_rows:
        columns = [words["code"], words["description"], words["units"], words["people"]]
        out += [f"## {words['codebook']}", "", *_table(columns, chapter.codebook_rows), ""]
    if chapter.matrix_rows:
        out += [f"## {words['matrix']}", "", *_table(chapter.matrix_columns, chapter.matrix_rows), ""]
        out += [f"- {line}" for line in chapter.matrix_legend] + [""]
    if chapter.methods_rows:
        out += [f"## {chapter.methods_title}", "", *_table(chapter.methods_columns, chapter.methods_rows), ""]
    return "\n".join(out).rstrip() + "\n"


def _section(chapter: Chapter, section: Section, level: int) -> list[str]:
    out = [f"{'#' * level} {section.number} {section.heading}", ""]
    for text in (section.introduction,):
        if text:
            out += [text, ""]
    if section.condensate:
        out += [f"**{chapter.words['condensate']}:** *{section.condensate}*", ""]
    if section.analytic_text:
        out += [section.analytic_text, ""]
    for quote in section.quotes:
        out += [f"> {chapter.quote_open}{quote.text}{chapter.quote_close} {quote.attribution}", ""]
    for subsection in section.subsections:
        out += _section(chapter, subsection, level + 1)
    return out


def _table(columns: list[str], rows: list[list[str]]) -> list[str]:
    def cell(value: str) -> str:
        return " ".join(value.split()).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines
