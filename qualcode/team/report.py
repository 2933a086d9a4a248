"""The merge report: what was matched and how, what each side added, what is left to the team.

The same record is printed in the terminal, as JSON (--json), as a Markdown file beside the merged
project, and kept in the merged project as a memo. Its last line is always the count of dropped
codings, measured in the merged file: |A| + |B| - exact duplicates - what the merged project holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..wording import plural
from .matching import FieldConflict, Proposal


@dataclass
class SideSummary:
    path: str
    project_id: str | None
    fork_coder: str | None
    coders: list[str]
    documents: int
    codes: int
    units: int
    codings: int


@dataclass
class SpanCheck:
    """A coding of B's version of a document that falls in a changed region: where it went."""

    document: str
    b_span: tuple[int, int]
    a_span: tuple[int, int] | None  # None: its text is not in A's version; it stays on B's copy
    codes: list[str]
    b_text: str
    a_text: str
    how: str  # "placed by the alignment", "re-paired", "kept on B's copy"


@dataclass
class DocumentConflict:
    a_label: str
    b_label: str
    similarity: float
    regions: int
    status: str  # pending, accepted, rejected, re-paired
    kept_as: str = ""  # the label B's version is kept under (pending, rejected, or for codings with no place)
    spans: list[SpanCheck] = field(default_factory=list)


@dataclass
class Tally:
    from_b: int = 0  # rows B brought that A did not have
    same: int = 0  # rows both had alike
    flagged: list[str] = field(default_factory=list)  # both wrote one: kept, flagged for the team
    taken_from_b: list[str] = field(default_factory=list)  # only B changed it since the fork


@dataclass
class MergeReport:
    output: str
    a: SideSummary
    b: SideSummary
    base: str = ""  # "p-... at change #40", or "" when the projects share no base
    review_file: str = ""
    report_file: str = ""
    replaced: bool = False
    documents_same: int = 0
    documents_added: list[str] = field(default_factory=list)
    documents_only_a: list[str] = field(default_factory=list)
    documents_relabelled: list[str] = field(default_factory=list)  # same text, B's label differs
    document_conflicts: list[DocumentConflict] = field(default_factory=list)
    participants_same: int = 0
    participants_added: list[str] = field(default_factory=list)
    attribute_conflicts: list[str] = field(default_factory=list)
    codes_by_id: int = 0
    codes_by_path: int = 0
    codes_accepted: list[str] = field(default_factory=list)  # "B path -> A path (score, how)"
    codes_added: list[str] = field(default_factory=list)
    codes_only_a: list[str] = field(default_factory=list)  # A's codes no code of B met (new since the fork)
    codes_taken_from_b: list[FieldConflict] = field(default_factory=list)
    code_conflicts: list[FieldConflict] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)  # pending: both codes kept, flagged
    rejected: list[Proposal] = field(default_factory=list)
    paired: list[Proposal] = field(default_factory=list)  # accepted or re-paired: merged
    lineage_notes: list[str] = field(default_factory=list)
    coders: dict[str, str] = field(default_factory=dict)  # "B:tester" -> "ola"
    same_coders: list[str] = field(default_factory=list)
    units_a: int = 0
    units_b: int = 0
    units_shared: int = 0
    units_merged: int = 0
    codings_a: int = 0
    codings_b: int = 0
    duplicates: int = 0
    codings_merged: int = 0
    dropped: int = 0
    condensates: Tally = field(default_factory=Tally)
    syntheses: Tally = field(default_factory=Tally)
    themes: Tally = field(default_factory=Tally)
    memos: Tally = field(default_factory=Tally)

    @property
    def to_review(self) -> int:
        return len(self.proposals) + sum(1 for d in self.document_conflicts if d.status == "pending")


def terminal_lines(report: MergeReport) -> list[str]:
    """The report as the CLI prints it: a line per finding, the open questions, dropped: 0 last."""
    lines = [f"merged A = {report.a.path} and B = {report.b.path} into {report.output}"
             + (" (replacing an earlier merge of the same inputs)" if report.replaced else "")]
    if report.base:
        lines.append(f"shared base: {report.base}")
    lines.append(f"documents: {report.documents_same} the same text, {len(report.documents_added)} added from B"
                 + (f" ({', '.join(report.documents_added)})" if report.documents_added else "")
                 + (f", only in A: {', '.join(report.documents_only_a)}" if report.documents_only_a else ""))
    lines += [f"  same text, other label: {item}" for item in report.documents_relabelled]
    for conflict in report.document_conflicts:
        lines.append(f"  conflict: {conflict.b_label}: same label, another text ({conflict.similarity:.1f}% alike, "
                     f"{plural(conflict.regions, 'changed region')}): {_document_status(conflict)}")
        lines += [f"    confirm: {span.document} {span.b_span[0]}-{span.b_span[1]} -> {_span_text(span)} "
                  f"({', '.join(span.codes)})" for span in conflict.spans]
    lines.append(f"participants: {report.participants_same} the same, {len(report.participants_added)} added from B")
    lines += [f"  attributes differ: {item}" for item in report.attribute_conflicts]
    lines.append(f"codes: {report.codes_by_id} by id, {report.codes_by_path} by path, "
                 f"{len(report.codes_accepted)} by accepted pair, {len(report.codes_added)} added from B")
    lines += [f"  paired: {item}" for item in report.codes_accepted]
    lines += [f"  added from B: {item}" for item in report.codes_added]
    lines += [f"  only in A: {item}" for item in report.codes_only_a]
    lines += [f"  from B: {c.path}: {c.field} {c.a_value!r} -> {c.b_value!r} ({c.resolution})"
              for c in report.codes_taken_from_b]
    lines += [f"  conflict: {c.path}: {c.field} A {c.a_value!r}, B {c.b_value!r}: {c.resolution}"
              for c in report.code_conflicts]
    lines += [f"  {note}" for note in report.lineage_notes]
    if report.proposals:
        lines.append(f"proposed ({len(report.proposals)}, not merged: both codes kept; decide in "
                     f"{report.review_file or 'the review file'}):")
        lines += [f"  {p.score:5.1f}  {p.b_path}  ~  {p.a_path}  ({p.reason})" for p in report.proposals]
    lines += [f"  rejected: {p.b_path} ~ {p.a_path}" for p in report.rejected]
    if report.coders:
        lines.append("coders: " + ", ".join(f"{k} -> {v}" for k, v in report.coders.items()))
    if report.same_coders:
        lines.append("coders taken as one person: " + ", ".join(report.same_coders))
    for name, tally in (("condensates", report.condensates), ("syntheses", report.syntheses),
                        ("themes", report.themes), ("memos", report.memos)):
        lines.append(f"{name}: {tally.from_b} from B, {tally.same} the same in both")
        lines += [f"  taken from B (A had not changed it since the fork): {item}" for item in tally.taken_from_b]
        lines += [f"  both wrote one, both kept (flagged): {item}" for item in tally.flagged]
    lines.append(f"units: A {report.units_a}, B {report.units_b} ({report.units_shared} of the same span as A's), "
                 f"merged {report.units_merged}")
    lines.append(f"codings: A {report.codings_a} + B {report.codings_b} - exact duplicates {report.duplicates}"
                 f" = merged {report.codings_merged}")
    if report.review_file:
        lines.append(f"review file: {report.review_file}")
    if report.report_file:
        lines.append(f"report: {report.report_file}")
    lines.append(f"dropped: {report.dropped}")
    return lines


def markdown(report: MergeReport) -> str:
    """The report as a Markdown document (beside the merged project, and as its memo)."""
    out = [f"# Merge report: {report.output}", "",
           f"- A: `{report.a.path}` ({_side(report.a)})", f"- B: `{report.b.path}` ({_side(report.b)})"]
    if report.base:
        out.append(f"- shared base: {report.base}")
    out += ["", "## Documents", "",
            f"{report.documents_same} with the same text in both; added from B: "
            f"{', '.join(report.documents_added) or 'none'}; only in A: "
            f"{', '.join(report.documents_only_a) or 'none'}."]
    out += [f"- same text, other label: {item}" for item in report.documents_relabelled]
    for conflict in report.document_conflicts:
        out += ["", f"### {conflict.b_label}: the same label, another text", "",
                f"{conflict.similarity:.1f}% alike, {plural(conflict.regions, 'changed region')}: "
                f"{_document_status(conflict)}."]
        if conflict.spans:
            out += ["", "| B's span | placed at | codes | B's text | A's text | how |", "|---|---|---|---|---|---|"]
            out += [f"| {s.b_span[0]}-{s.b_span[1]} | {_span_text(s)} | {', '.join(s.codes)} | {_cell(s.b_text)} | "
                    f"{_cell(s.a_text)} | {s.how} |" for s in conflict.spans]
    out += ["", "## Participants", "",
            f"{report.participants_same} the same; added from B: {', '.join(report.participants_added) or 'none'}."]
    out += [f"- attributes differ: {item}" for item in report.attribute_conflicts]
    out += ["", "## Codes", "",
            f"{report.codes_by_id} matched by id, {report.codes_by_path} by path, {len(report.codes_accepted)} by an "
            f"accepted pair; {len(report.codes_added)} added from B."]
    out += [f"- paired: {item}" for item in report.codes_accepted]
    out += [f"- added from B: {item}" for item in report.codes_added]
    out += [f"- only in A: {item}" for item in report.codes_only_a]
    out += [f"- from B: {c.path}: {c.field} {c.a_value!r} -> {c.b_value!r} ({c.resolution})"
            for c in report.codes_taken_from_b]
    out += [f"- **conflict**: {c.path}: {c.field}: A {c.a_value!r}, B {c.b_value!r}: {c.resolution}"
            for c in report.code_conflicts]
    out += [f"- {note}" for note in report.lineage_notes]
    if report.proposals:
        out += ["", "### Proposed pairs (not merged: both codes kept, flagged for review)", "",
                "| score | B's code | A's code | why | B's units | A's units |", "|---|---|---|---|---|---|"]
        out += [f"| {p.score:.1f} | {_cell(p.b_path)} | {_cell(p.a_path)} | {p.reason} | "
                f"{_cell(' / '.join(p.b_examples))} | {_cell(' / '.join(p.a_examples))} |" for p in report.proposals]
    out += [f"- rejected: {p.b_path} ~ {p.a_path}" for p in report.rejected]
    out += ["", "## Coders", ""]
    out += [f"- {k} -> {v}" for k, v in report.coders.items()] or ["Mapped by name."]
    out += [f"- taken as one person: {name}" for name in report.same_coders]
    out += ["", "## Condensates, syntheses, themes, memos", ""]
    for name, tally in (("condensates", report.condensates), ("syntheses", report.syntheses),
                        ("themes", report.themes), ("memos", report.memos)):
        out.append(f"- {name}: {tally.from_b} from B, {tally.same} the same in both")
        out += [f"  - taken from B (A had not changed it since the fork): {item}" for item in tally.taken_from_b]
        out += [f"  - **both wrote one**, both kept (B's as a memo on the code): {item}" for item in tally.flagged]
    out += ["", "## Units and codings", "",
            f"- units: A {report.units_a}, B {report.units_b} ({report.units_shared} of the same span as A's), "
            f"merged {report.units_merged}",
            f"- codings: A {report.codings_a} + B {report.codings_b} - exact duplicates {report.duplicates} "
            f"= merged {report.codings_merged}"]
    if report.review_file:
        out += ["", f"Review file: `{report.review_file}`"]
    out += ["", f"dropped: {report.dropped}", ""]
    return "\n".join(out)


def _side(side: SideSummary) -> str:
    who = f"{side.fork_coder}'s fork; " if side.fork_coder else ""
    coders = ", ".join(side.coders) or "nobody"
    return (f"{who}coders {coders}; {side.documents} documents, {side.codes} codes, {side.units} units, "
            f"{side.codings} codings")


def _document_status(conflict: DocumentConflict) -> str:
    if conflict.status in ("accepted", "re-paired"):
        kept = f"; codings with no place in A's text stay on B's copy {conflict.kept_as}" if conflict.kept_as else ""
        return f"{conflict.status}: B's codings moved onto A's text{kept}"
    if conflict.status == "rejected":
        return f"rejected: B's version kept as {conflict.kept_as}"
    return f"not merged: B's version kept as {conflict.kept_as}, flagged for review"


def _span_text(span: SpanCheck) -> str:
    return f"{span.a_span[0]}-{span.a_span[1]}" if span.a_span else "no place in A's text"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
