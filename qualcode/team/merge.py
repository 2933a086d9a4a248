"""Merging two coders' projects with nothing lost: `qualcode merge A B -o MERGED`.

The inputs are only read (each copied through a read-only connection first, so their bytes never
change). MERGED starts as the copy of A: A's rows and A's whole log. B's rows come in as one audited
change that names B as their source. Documents meet by a hash of their exact text; participants by
label; codes by stable id, then path, and only with the user's say by a proposal (matching.py).
Every coding of both comes along with its coder and time; only identical rows (span, code, coder)
are folded, and counted. What is left to decide goes to a review file beside MERGED (review.py), and
`--mapping FILE` or `--accept-above SCORE` brings it back. Three or more projects merge in turn.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import QualcodeError
from ..private_files import write_private
from ..settings import resolve_coder
from ..store import merging as store
from ..store.changes import now
from ..store.db import open_database
from . import lineage
from .combine import CoderConflict, CoderMap, Combiner, parse_coders, span_score
from .matching import Proposal
from .report import MergeReport, SideSummary, markdown
from .review import Decisions, ReviewRow, read_review, write_review
from .sides import Side

__all__ = ["CoderConflict", "MergeFiles", "ReviewData", "files_for", "merge_projects", "parse_coders",
           "review_data"]


@dataclass(frozen=True)
class MergeFiles:
    """The files a merge writes: the merged project, the review file and the Markdown report."""

    output: Path
    review: Path
    report: Path


def files_for(output: Path, review: Path | None = None) -> MergeFiles:
    output = Path(output)
    return MergeFiles(output, Path(review) if review else output.with_name(f"{output.stem}-review.csv"),
                      output.with_name(f"{output.stem}-merge.md"))


def merge_projects(
    first: Path | str,
    second: Path | str,
    output: Path | str,
    *,
    mapping: Path | str | None = None,
    accept_above: float | None = None,
    coders: Sequence[str] = (),
    coder: str | None = None,
    review: Path | str | None = None,
) -> MergeReport:
    """Merge `second` into a copy of `first`, written to `output`; the inputs are never written to.

    mapping: a review file whose decisions apply; accept_above: accept every proposal scoring at least
    this (0-100); coders: --coders items (b:tester=ola, a:tester=kari, tester=same)."""
    first, second = Path(first), Path(second)
    files = files_for(Path(output), Path(review) if review else None)
    replacing = _check_paths(first, second, files)
    if accept_above is not None and not 0 <= accept_above <= 100:
        raise QualcodeError(f"--accept-above {accept_above:g}: a score is between 0 and 100")
    decisions = read_review(Path(mapping)) if mapping else Decisions()
    coder_map = parse_coders(list(coders))
    who = resolve_coder(coder)
    with tempfile.TemporaryDirectory(prefix=f".{files.output.name}.", dir=files.output.parent) as folder:
        a = _open(first, Path(folder) / "a.qualcode", "A")
        try:
            b = _open(second, Path(folder) / "b.qualcode", "B")
            try:
                report = _merge(a, b, files, who, decisions, accept_above, coder_map, replacing, mapping)
            finally:
                b.conn.close()
        finally:
            a.conn.close()
        _replace(Path(folder) / "a.qualcode", files.output, replacing)
    rows = review_rows(report)
    if rows or replacing:  # a review file left from the merge replaced would no longer tell the truth
        write_review(files.review, rows)
    text = markdown(report)
    write_private(files.report, lambda temporary: _write_text(temporary, text))
    return report


def _merge(a: Side, b: Side, files: MergeFiles, who: str, decisions: Decisions, accept_above: float | None,
           coder_map: CoderMap, replacing: bool, mapping: Path | str | None) -> MergeReport:
    if a.language != b.language:
        raise QualcodeError(f"{a.name} is in {a.language!r} and {b.name} in {b.language!r}: projects of different "
                            "languages are not merged")
    base = lineage.common_base(a.conn, b.conn)
    report = MergeReport(str(files.output), _summary(a), _summary(b), replaced=replacing,
                         report_file=str(files.report))
    if base:
        report.base = f"{base.project_id} at change #{base.position}"
    combiner = Combiner(a, b, report, coder=who, decisions=decisions, accept_above=accept_above,
                        coders=coder_map, base=base)
    combiner.prepare()
    if review_rows(report) or replacing:
        report.review_file = str(files.review)
    # the output is A's copy: it gets its own id, the shared base (if any), and what it was made from
    lineage.record_merge(a.conn, who, {
        "a": str(a.path.resolve()), "b": str(b.path.resolve()), "a_project": a.lineage.project_id,
        "b_project": b.lineage.project_id, "review": str(files.review.resolve()),
        "report": str(files.report.resolve()), "mapping": str(Path(mapping).resolve()) if mapping else None,
        "accept_above": accept_above, "coders": {"a": coder_map.a, "b": coder_map.b, "same": sorted(coder_map.same)},
        "by": who, "at": now()})
    from ..store import settings as stored_settings

    stored_settings.put(a.conn, who, lineage.PROJECT_ID, lineage.new_project_id())
    if base:
        lineage.record_fork(a.conn, who, base=base.project_id, position=base.position,
                            source=f"{a.name} + {b.name}", handed_to=None)
    combiner.write(a.conn, lambda: markdown(report))
    return report


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _summary(side: Side) -> SideSummary:
    return SideSummary(str(side.path), side.lineage.project_id, side.lineage.coder, side.coders(),
                       len(side.documents), len(side.codes), len(side.units), len(side.rows("codings")))


def _open(path: Path, copy: Path, label: str) -> Side:
    store.snapshot(path, copy)
    return Side(label, path, open_database(copy))


def _check_paths(first: Path, second: Path, files: MergeFiles) -> bool:
    """Refuse what cannot be right before anything is read; True when output is an earlier merge to replace."""
    for path in (first, second):
        if not path.is_file():
            raise QualcodeError(f"no project at {path}")
    if _same_file(first, second):
        raise QualcodeError(f"{first} and {second} are the same project; merge two different ones")
    output = files.output
    if not output.parent.is_dir():
        raise QualcodeError(f"folder {output.parent} does not exist")
    if _same_file(output, first) or _same_file(output, second):
        raise QualcodeError(f"the output {output} is one of the inputs; inputs are never written to")
    if files.review.suffix.lower() not in (".csv", ".yaml", ".yml"):
        raise QualcodeError(f"{files.review.name}: a review file is .csv or .yaml")
    if not output.exists():
        return False
    return _replaceable(output, first, second)


def _replaceable(output: Path, first: Path, second: Path) -> bool:
    """An output that exists is replaced only if it is an untouched merge of the same two projects."""
    refusal = f"{output} already exists; choose another name for the merged project"
    if not store.settle_wal(output):
        raise QualcodeError(f"{output} is open in another window; close it before merging into it again")
    try:
        conn = store.open_read_only(output)
    except QualcodeError:
        raise QualcodeError(refusal) from None
    try:
        record = lineage.merge_record(conn)
        last = store.last_change(conn)
    finally:
        conn.close()
    if not record or last is None or last[1] != "merge":
        raise QualcodeError(refusal + (" (it was changed after the merge that made it)" if record else ""))
    same_inputs = {record.get("a"), record.get("b")} == {str(first.resolve()), str(second.resolve())}
    if not same_inputs:
        raise QualcodeError(refusal + " (it is a merge of other projects)")
    return True


def _replace(built: Path, output: Path, replacing: bool) -> None:
    if replacing:
        for leftover in (Path(f"{output}-shm"),):
            leftover.unlink(missing_ok=True)
    elif output.exists():
        raise QualcodeError(f"{output} appeared while merging; nothing was replaced")
    os.replace(built, output)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.exists() and other.exists() and os.path.samefile(one, other)
    except OSError:
        return False


def review_rows(report: MergeReport) -> list[ReviewRow]:
    """The review file's rows: code proposals (pending and decided), document conflicts and their spans."""
    rows = []
    decided = {"accepted": "accept", "rejected": "reject", "re-paired": "re-pair", "pending": ""}
    for proposal in [*report.proposals, *report.paired, *report.rejected]:
        again = proposal.a_path if proposal.status == "re-paired" else ""
        rows.append(ReviewRow("code", proposal.score, proposal.a_path, proposal.b_path, decided[proposal.status],
                              again, proposal.reason, proposal.a_uid, proposal.b_uid, " | ".join(proposal.a_examples),
                              " | ".join(proposal.b_examples)))
    for conflict in report.document_conflicts:
        rows.append(ReviewRow(
            "document", conflict.similarity, conflict.a_label, conflict.b_label, decided[conflict.status],
            conflict.a_label if conflict.status == "re-paired" else "",
            f"the same label, another text: {conflict.regions} changed regions, {len(conflict.spans)} coded spans in "
            "them", conflict.a_label, conflict.b_label))
        for span in conflict.spans:
            where = f"{span.a_span[0]}-{span.a_span[1]}" if span.a_span else ""
            rows.append(ReviewRow(
                "span", span_score(span), f"{conflict.a_label} {where} «{span.a_text}»".strip(),
                f"{conflict.b_label} {span.b_span[0]}-{span.b_span[1]} «{span.b_text}»",
                "re-pair" if span.how.endswith("re-paired") else "", where if span.how.endswith("re-paired") else "",
                f"{span.how}: {', '.join(span.codes)}", where, f"{conflict.b_label}:{span.b_span[0]}-{span.b_span[1]}"))
    return rows


@dataclass(frozen=True)
class ReviewCode:
    uid: str
    path: str
    depth: int
    units: tuple[str, ...]  # the texts of its units (the first 50)


@dataclass(frozen=True)
class ReviewData:
    """What the review screen shows: both codebooks, and every proposal with its status."""

    a_name: str
    b_name: str
    a_codes: tuple[ReviewCode, ...]
    b_codes: tuple[ReviewCode, ...]
    proposals: tuple[Proposal, ...]


def review_data(first: Path | str, second: Path | str, *, mapping: Path | str | None = None,
                coders: Sequence[str] = ()) -> ReviewData:
    """What a merge would match and propose (with a review file's decisions), without writing a project."""
    first, second = Path(first), Path(second)
    for path in (first, second):
        if not path.is_file():
            raise QualcodeError(f"no project at {path} (the merge's input has moved?)")
    decisions = read_review(Path(mapping)) if mapping and Path(mapping).exists() else Decisions()
    with tempfile.TemporaryDirectory(prefix=".qualcode-review.", dir=first.parent) as folder:
        a = _open(first, Path(folder) / "a.qualcode", "A")
        try:
            b = _open(second, Path(folder) / "b.qualcode", "B")
            try:
                report = MergeReport("", _summary(a), _summary(b))
                combiner = Combiner(a, b, report, coder=resolve_coder(None), decisions=decisions, accept_above=None,
                                    coders=parse_coders(list(coders)), base=lineage.common_base(a.conn, b.conn))
                with contextlib.suppress(CoderConflict):  # codes can be reviewed before coders are sorted out
                    combiner.prepare()
                return ReviewData(a.name, b.name, _codes_for_review(a), _codes_for_review(b),
                                  tuple(combiner.matching.proposals))
            finally:
                b.conn.close()
        finally:
            a.conn.close()


def coders_of(record: dict) -> list[str]:
    """The --coders items a merge was made with, from the merged project's record of it."""
    given = record.get("coders") or {}
    items = [f"a:{k}={v}" for k, v in (given.get("a") or {}).items()]
    items += [f"b:{k}={v}" for k, v in (given.get("b") or {}).items()]
    return items + [f"{name}=same" for name in given.get("same") or []]


def _codes_for_review(side: Side) -> tuple[ReviewCode, ...]:
    texts = side.examples(limit=50, chars=400)
    return tuple(ReviewCode(code.uid, code.path, code.depth, tuple(texts.get(code.id, ())))
                 for code in sorted(side.codes.values(), key=lambda c: c.path.casefold()))
