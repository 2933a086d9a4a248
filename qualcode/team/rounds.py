"""Agreement rounds kept in the project: each round's figures, and the codebook changes that followed it
(read from the audit log: every change that wrote a code row, up to the next round)."""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..store import agreement as store
from ..store.changes import audited
from .agreement import AgreementReport
from .coefficients import Figure


@dataclass(frozen=True)
class Round:
    number: int
    at: str
    saved_by: str
    coders: tuple[str, ...]
    unit: str
    scope: str  # what was compared, in words
    documents: int
    items: int  # pooled: items x codes
    percent_agreement: Figure  # pooled
    kappa: Figure  # pooled (three coders or more: the mean of the pairwise kappas)
    alpha: Figure  # pooled
    note: str
    codebook_changes: tuple[str, ...]  # what changed in the codebook after this round, before the next
    figures: dict[str, Any]  # the whole report as it was computed


def save_round(conn: sqlite3.Connection, coder: str, report: AgreementReport, *, note: str = "") -> int:
    from ..wording import printable

    pooled = report.pooled
    scope = report.scope
    summary = (f"agreement round: {', '.join(scope.coders)} by {scope.unit}, kappa {pooled.kappa.text()},"
               f" alpha {pooled.alpha.text()}")
    with audited(conn, coder, "agreement round", summary) as writer:
        return store.insert_round(
            writer, coders=scope.coders, unit=scope.unit, scope=dataclasses.asdict(scope),
            documents=len(report.documents), items=pooled.items, percent_agreement=pooled.percent_agreement.value,
            kappa=pooled.kappa.value, alpha=pooled.alpha.value, figures=dataclasses.asdict(report),
            note=printable(note).strip(), saved_by=coder)


def rounds(conn: sqlite3.Connection) -> list[Round]:
    rows = store.rounds(conn)
    kept = []
    for index, row in enumerate(rows):
        following = rows[index + 1].change_id if index + 1 < len(rows) else None
        changes = store.codebook_changes(conn, row.change_id, following) if row.change_id is not None else []
        pooled = row.figures.get("pooled", {})
        kept.append(Round(
            index + 1, row.at, row.saved_by, tuple(row.coders), row.unit, _describe(row.scope), row.documents,
            row.items, _figure(row.percent_agreement, pooled, "percent_agreement"), _figure(row.kappa, pooled, "kappa"),
            _figure(row.alpha, pooled, "alpha"), row.note, tuple(c.summary for c in changes), row.figures))
    return kept


def _figure(value: float | None, pooled: dict[str, Any], name: str) -> Figure:
    return Figure(value, "" if value is not None else str(pooled.get(name, {}).get("reason", "")))


def _describe(scope: dict[str, Any]) -> str:
    parts = []
    if scope.get("code"):
        parts.append(f"code {scope['code']}")
    if scope.get("documents"):
        parts.append(f"documents {', '.join(scope['documents'])}")
    if scope.get("exclude_interviewer"):
        parts.append("interviewer left out")
    if scope.get("exclude_uncoded"):
        parts.append("uncoded text left out")
    return "; ".join(parts) or "all codes, all documents"


# The methods table of the chapter

_COLUMNS = {
    "nb": ["Runde", "Dato", "Kodere", "Enhet", "Dokumenter", "Prosent samsvar", "Cohens kappa", "Krippendorffs alfa",
           "Endringer i kodeboken etterpå"],
    "en": ["Round", "Date", "Coders", "Unit", "Documents", "Percent agreement", "Cohen's kappa", "Krippendorff's alpha",
           "Codebook changes after"],
}
_UNITS = {"nb": {"character": "tegn", "sentence": "setning", "turn": "tur"},
          "en": {"character": "character", "sentence": "sentence", "turn": "turn"}}
_NONE = {"nb": "ingen", "en": "none"}
_TITLE = {"nb": "Samsvar mellom kodere", "en": "Agreement between coders"}


def methods_title(language: str) -> str:
    return _TITLE["nb" if language in ("nb", "nn", "da", "sv") else "en"]


def methods_table(conn: sqlite3.Connection, language: str) -> tuple[list[str], list[list[str]]]:
    """The rounds as a table for the chapter's methods section: (column names, rows); no rounds, no rows."""
    words = "nb" if language in ("nb", "nn", "da", "sv") else "en"
    rows = []
    for kept in rounds(conn):
        changes = "; ".join(kept.codebook_changes) or _NONE[words]
        figures = [kept.percent_agreement.text(percent=True), kept.kappa.text(), kept.alpha.text()]
        if words == "nb":  # 0,712 and 99,7 %: the decimal comma of Nordic reports
            figures = [f.replace(".", ",") for f in figures]
        rows.append([str(kept.number), kept.at[:10], ", ".join(kept.coders), _UNITS[words].get(kept.unit, kept.unit),
                     str(kept.documents), *figures, changes])
    return list(_COLUMNS[words]), rows
