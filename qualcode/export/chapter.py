"""The results chapter as data: numbered sections, analytic text, attributed quotes, tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..codebook.service import flatten
from ..errors import QualcodeError

QUOTE_MARKS = {"auto": None, "”": ("”", "”"), "«»": ("«", "»"), "“”": ("“", "”"), "„“": ("„", "“"),
               '"': ('"', '"'), "none": ("", "")}
# "auto": what the project language's reports use
_QUOTE_MARKS_BY_LANGUAGE = {"nb": "”", "nn": "”", "da": "”", "sv": "”", "en": "“”", "de": "„“"}
BODIES = ("analysis", "condensates", "both")
# a chapter's number as a thesis writes one: 5, 5.2, A, IV (a path typed here by mistake became a heading prefix)
_CHAPTER_NUMBER = re.compile(r"[0-9A-Za-z]{1,6}(?:\.[0-9A-Za-z]{1,6}){0,3}")

WORDS = {
    "nb": {"results": "Resultater", "participants": "Informanter", "participant": "Informant",
           "codebook": "Vedlegg: Kodebok", "matrix": "Vedlegg: Informanter og kodegrupper", "code": "Kode",
           "description": "Beskrivelse", "units": "Enheter", "people": "Informanter", "condensate": "Kondensat",
           "line": "l.", "table": "Tabell"},
    "en": {"results": "Results", "participants": "Participants", "participant": "Participant",
           "codebook": "Appendix: Codebook", "matrix": "Appendix: Participants and code groups", "code": "Code",
           "description": "Description", "units": "Units", "people": "Participants", "condensate": "Condensate",
           "line": "l.", "table": "Table"},
}


def words_for(language: str) -> dict[str, str]:
    return WORDS["nb"] if language in ("nb", "nn", "da", "sv") else WORDS["en"]


@dataclass
class ChapterOptions:
    title: str = ""
    number: str = ""  # e.g. "5": headings become 5.1, 5.1.1
    quote_marks: str = "auto"
    body: str = "analysis"  # analysis, condensates or both
    attributes: list[str] | None = None  # participant table columns; None for all
    show_source: bool = False  # document and line after the participant label
    appendix: bool = False  # codebook and participant x code-group matrix
    include_empty: bool = False  # also code groups and subgroups with no units and no synthesis
    agreement_rounds: bool = False  # a methods table of the kept agreement rounds (qualcode agreement --save)

    def check(self) -> None:
        if self.quote_marks not in QUOTE_MARKS:
            raise QualcodeError(f"quote marks are one of: {', '.join(QUOTE_MARKS)}")
        if self.body not in BODIES:
            raise QualcodeError(f"the body is one of: {', '.join(BODIES)}")
        if self.number and not _CHAPTER_NUMBER.fullmatch(self.number):
            raise QualcodeError(f"a chapter number is digits or letters, with dots between (5, 5.2, A), "
                                f"not {self.number[:40]!r}")


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str  # K3, or K3 (K3-intervju, l. 45)


@dataclass
class Section:
    number: str
    heading: str
    introduction: str = ""
    analytic_text: str = ""
    condensate: str = ""
    quotes: list[Quote] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Chapter:
    title: str
    language: str
    quote_open: str
    quote_close: str
    body: str
    participant_columns: list[str]
    participant_rows: list[list[str]]
    sections: list[Section]
    codebook_rows: list[list[str]] = field(default_factory=list)
    matrix_columns: list[str] = field(default_factory=list)
    matrix_rows: list[list[str]] = field(default_factory=list)
    matrix_legend: list[str] = field(default_factory=list)
    methods_title: str = ""  # the agreement rounds, for the methods section
    methods_columns: list[str] = field(default_factory=list)
    methods_rows: list[list[str]] = field(default_factory=list)

    @property
    def words(self) -> dict[str, str]:
        return words_for(self.language)


def squash(text: str) -> str:
    """Whitespace normalised, nothing else changed."""
    return " ".join(text.split())


def build_chapter(project, options: ChapterOptions) -> Chapter:
    options.check()
    words = words_for(project.language)
    prefix = f"{options.number}." if options.number else ""
    sections = []
    groups = [g for g in project.codebook.tree() if options.include_empty or _has_content(project, g)]
    numbers: dict[str, str] = {}
    for group_index, group in enumerate(groups, start=1):
        group_number = f"{prefix}{group_index}"
        numbers[group.name] = group_number
        group_synthesis = project.synthesizing.get(group.path)
        section = Section(group_number, group_synthesis.heading or group.name,
                          introduction=group_synthesis.introduction,
                          analytic_text=group_synthesis.analytic_text if options.body != "condensates" else "")
        subgroups = [s for s in group.children if options.include_empty or _has_content(project, s)]
        for sub_index, subgroup in enumerate(subgroups, start=1):
            synthesis = project.synthesizing.get(subgroup.path)
            condensation = project.condensing.get(subgroup.path)
            quotes = [_quote(unit, options, words) for unit in project.synthesizing.quotes_for_export(subgroup.path)]
            section.subsections.append(Section(
                f"{group_number}.{sub_index}", synthesis.heading or subgroup.name,
                analytic_text=synthesis.analytic_text if options.body in ("analysis", "both") else "",
                condensate=condensation.text if options.body in ("condensates", "both") else "",
                quotes=quotes,
            ))
        sections.append(section)
    columns, rows = _participant_table(project, options.attributes)
    marks = (options.quote_marks if options.quote_marks != "auto"
             else _QUOTE_MARKS_BY_LANGUAGE.get(project.language, "“”"))
    opening, closing = QUOTE_MARKS[marks] or ("“", "”")  # only "auto" has no marks of its own
    chapter = Chapter(
        title=" ".join(filter(None, [options.number, options.title or words["results"]])),
        language=project.language, quote_open=opening, quote_close=closing,
        body=options.body, participant_columns=columns, participant_rows=rows, sections=sections,
    )
    if options.appendix:
        _add_appendix(project, chapter, words, numbers, options.include_empty)
    if options.agreement_rounds:
        _add_agreement_rounds(project, chapter)
    return chapter


def _has_content(project, code) -> bool:
    """Coded units or written synthesis anywhere below it: an empty starting code stays out."""
    if code.units:
        return True
    for part in flatten([code]):
        synthesis = project.synthesizing.get(part.path)
        if synthesis.heading or synthesis.analytic_text or synthesis.introduction:
            return True
    return False


def _quote(unit, options: ChapterOptions, words: dict[str, str]) -> Quote:
    who = unit.participant or unit.speaker or unit.document
    if options.show_source:
        who = f"{who} ({unit.document}, {words['line']} {unit.line})"
    return Quote(squash(unit.text), who)


def _participant_table(project, attributes: list[str] | None) -> tuple[list[str], list[list[str]]]:
    people = [p for p in project.participants.list() if p.turns]
    names: list[str] = []
    for person in people:
        for name in person.attributes:
            if name not in names:
                names.append(name)
    if attributes is not None:
        unknown = [a for a in attributes if a not in names]
        if unknown:
            raise QualcodeError(f"no participant attribute {unknown[0]!r} (attributes: {', '.join(names) or 'none'})")
        names = attributes
    words = words_for(project.language)
    headers = [name.replace("_", " ").strip().capitalize() for name in names]  # interview_form -> Interview form
    return [words["participant"], *headers], [[p.label, *(p.attributes.get(n, "") for n in names)] for p in people]


def _add_appendix(project, chapter: Chapter, words: dict[str, str], numbers: dict[str, str],
                  include_empty: bool) -> None:
    chapter.codebook_rows = [["\u2003" * code.level + code.name, code.description, str(code.units),
                              str(code.participants)]
                             for code in flatten(project.codebook.tree()) if include_empty or code.units]
    participants, groups, cells = project.synthesizing.matrix()
    groups = [g for g in groups if any(cells.get((p, g)) for p in participants)]
    # long theme names do not fit as column heads: the chapter's section numbers stand for them
    labels = [numbers.get(g, str(i)) for i, g in enumerate(groups, start=1)]
    chapter.matrix_columns = [words["participant"], *labels]
    chapter.matrix_rows = [[p, *(str(cells.get((p, g), 0)) for g in groups)] for p in participants]
    chapter.matrix_legend = [f"{label} {g}" for label, g in zip(labels, groups, strict=True)]


def _add_agreement_rounds(project, chapter: Chapter) -> None:
    """Each kept agreement round: coders, unit, figures, and the codebook changes that followed it."""
    from ..team.rounds import methods_table, methods_title

    chapter.methods_title = methods_title(project.language)
    chapter.methods_columns, chapter.methods_rows = methods_table(project.conn, project.language)
