"""The review file: each proposed pair with its score, for the user to accept, reject or re-pair.

One row per proposal: `code` (B's code ~ A's code), `document` (the same label with another text),
`span` (a coding of such a document that falls in a changed region: where the alignment put it).
Written as CSV (Excel, LibreOffice) or YAML by the file's suffix; read back by `--mapping FILE`.
The decision column takes `accept`, `reject` or `re-pair` (with `re_pair`: A's code as a path or id,
A's document label, or a span START-END); an empty decision leaves the pair for later.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from ..errors import QualcodeError
from ..private_files import write_private
from ..wording import printable
from .matching import CodeDecision

DECISIONS = ("accept", "reject", "re-pair")
KINDS = ("code", "document", "span")


@dataclass(frozen=True)
class ReviewRow:
    kind: str
    score: float
    a: str  # A's side: code path, document label, or the span the alignment found
    b: str  # B's side
    decision: str = ""
    re_pair: str = ""
    reason: str = ""
    a_id: str = ""  # A's code uid, document label, or span START-END
    b_id: str = ""  # B's code uid, document label, or span LABEL:START-END
    a_units: str = ""  # example units, " | " between them
    b_units: str = ""


COLUMNS = tuple(f.name for f in fields(ReviewRow))


@dataclass(frozen=True)
class DocumentDecision:
    decision: str
    a_label: str = ""  # re-pair: the A document to align with


@dataclass
class Decisions:
    """What a review file says, by B's side of each pair."""

    codes: dict[str, CodeDecision] = field(default_factory=dict)  # B's code uid ->
    documents: dict[str, DocumentDecision] = field(default_factory=dict)  # B's label, case folded ->
    spans: dict[tuple[str, int, int], tuple[int, int]] = field(default_factory=dict)  # B's span -> A's span


def write_review(path: Path, rows: Sequence[ReviewRow]) -> Path:
    """The review file, private and whole (CSV unless the suffix is .yaml or .yml)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".yaml", ".yml"):
        raise QualcodeError(f"{path.name}: a review file is .csv or .yaml")

    def write(temporary: Path) -> None:
        if suffix == ".csv":
            with open(temporary, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(COLUMNS)
                writer.writerows([_cell(getattr(row, name)) for name in COLUMNS] for row in rows)
        else:
            data = {"pairs": [{k: v for k, v in asdict(row).items() if v != ""} for row in rows]}
            temporary.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                                 encoding="utf-8")

    return write_private(path, write)


def _cell(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def read_review(path: Path) -> Decisions:
    """The decisions of a review file; a malformed row is one line naming it, and nothing is merged."""
    from ..ingest.encoding import read_text_file

    path = Path(path)
    if not path.is_file():
        raise QualcodeError(f"no review file at {path}")
    text = read_text_file(path)
    entries = _yaml_entries(text, path) if path.suffix.lower() in (".yaml", ".yml") else _csv_entries(text, path)
    decisions = Decisions()
    for where, entry in entries:
        _take(decisions, entry, f"{path.name}: {where}")
    return decisions


def _csv_entries(text: str, path: Path) -> list[tuple[str, dict[str, str]]]:
    from ..ingest.tables import csv_rows

    table = csv_rows(text)
    header = [name.strip().lower() for name in (table[0] if table else [])]
    missing = [name for name in ("kind", "a_id", "b_id", "decision") if name not in header]
    if missing:
        raise QualcodeError(f"{path.name}: the first row must name the columns {', '.join(COLUMNS)} "
                            f"({', '.join(missing)} missing)")
    return [(f"line {number}", dict(zip(header, values, strict=False)))
            for number, values in enumerate(table[1:], start=2) if any(v.strip() for v in values)]


def _yaml_entries(text: str, path: Path) -> list[tuple[str, dict[str, str]]]:
    from ..codebook.plain_yaml import PlainYAMLError, load_plain

    try:
        data = load_plain(text)
    except (PlainYAMLError, yaml.YAMLError) as exc:
        raise QualcodeError(f"{path.name}: not a review file ({str(exc).splitlines()[0][:100]})") from None
    if isinstance(data, dict):
        data = data.get("pairs")
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise QualcodeError(f"{path.name}: expected a 'pairs' list of mappings (kind, a_id, b_id, decision ...)")
    return [(f"pair {number}", {str(k).lower(): v if isinstance(v, str) else "" for k, v in item.items()})
            for number, item in enumerate(data, start=1)]


def _take(decisions: Decisions, entry: dict[str, str], where: str) -> None:
    kind = printable(entry.get("kind", "")).strip().lower()
    decision = printable(entry.get("decision", "")).strip().lower()
    again = printable(entry.get("re_pair", "")).strip()
    b_id = printable(entry.get("b_id", "")).strip()
    if kind not in KINDS:
        raise QualcodeError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if not decision:
        return
    if decision not in DECISIONS:
        raise QualcodeError(f"{where}: decision {decision!r} is not accept, reject or re-pair (or empty)")
    if decision == "re-pair" and not again:
        raise QualcodeError(f"{where}: re-pair names its new partner in the re_pair column")
    if not b_id:
        raise QualcodeError(f"{where}: b_id is empty")
    a_id = printable(entry.get("a_id", "")).strip()
    if kind == "code":
        decisions.codes[b_id] = CodeDecision(decision, again if decision == "re-pair" else a_id)
    elif kind == "document":
        decisions.documents[b_id.casefold()] = DocumentDecision(decision, again if decision == "re-pair" else a_id)
    else:
        label, _, span = b_id.rpartition(":")
        if decision == "reject":
            raise QualcodeError(f"{where}: a span is accepted where the alignment put it, or re-paired START-END")
        b_span, a_span = _span(span, where), _span(again if decision == "re-pair" else a_id, where)
        decisions.spans[(label.casefold(), *b_span)] = a_span


def _span(text: str, where: str) -> tuple[int, int]:
    start, _, end = text.partition("-")
    try:
        span = int(start), int(end)
    except ValueError:
        raise QualcodeError(f"{where}: {text!r} is not a span START-END") from None
    if not 0 <= span[0] < span[1]:
        raise QualcodeError(f"{where}: span {text} is empty or negative")
    return span


def read_rows(path: Path) -> list[ReviewRow]:
    """A review file's rows as written (an absent file has none)."""
    from ..ingest.encoding import read_text_file

    path = Path(path)
    if not path.is_file():
        return []
    text = read_text_file(path)
    entries = _yaml_entries(text, path) if path.suffix.lower() in (".yaml", ".yml") else _csv_entries(text, path)
    found = []
    for _, entry in entries:
        values = {name: str(entry.get(name, "") or "") for name in COLUMNS}
        try:
            score = float(values.pop("score") or 0)
        except ValueError:
            score = 0.0
        found.append(ReviewRow(score=score, **values))
    return found


def with_code_decisions(rows: Sequence[ReviewRow], decided: dict[tuple[str, str], tuple[str, str]],
                        proposals: Sequence[Any]) -> list[ReviewRow]:
    """The rows with each code pair's decision set ((b uid, a uid) -> (decision, re_pair)); the
    document and span rows as they were; a decided pair the file lacks gets a row."""
    result, seen = [], set()
    for row in rows:
        key = (row.b_id, row.a_id)
        if row.kind == "code" and key in decided:
            decision, again = decided[key]
            row = ReviewRow(**{**asdict(row), "decision": decision, "re_pair": again})
            seen.add(key)
        result.append(row)
    for proposal in proposals:
        key = (proposal.b_uid, proposal.a_uid)
        if key in decided and key not in seen:
            decision, again = decided[key]
            result.append(ReviewRow("code", proposal.score, proposal.a_path, proposal.b_path, decision, again,
                                    proposal.reason, proposal.a_uid, proposal.b_uid, " | ".join(proposal.a_examples),
                                    " | ".join(proposal.b_examples)))
    return result
