"""An agreement report as flat rows (CSV, a spreadsheet): one row per code (or roll-up) and pair of coders."""

from __future__ import annotations

from .agreement import AgreementReport, CodeFigures
from .coefficients import Figure

CSV_COLUMNS = ["level", "code", "coder_a", "coder_b", "items", "both", "a_only", "b_only", "neither",
               "percent_agreement", "kappa", "alpha", "undefined"]


def csv_rows(report: AgreementReport) -> list[list[str]]:
    """Codes, subgroups, code groups, the pooled figure and the mean of the per-code figures, named."""
    rows = []
    for figures in (*report.codes, *report.subgroups, *report.code_groups, report.pooled):
        rows += _rows(figures)
    mean = report.mean
    rows.append(["mean of codes", f"(mean of {mean.codes} codes)", "", "", "", "", "", "", "",
                 _number(mean.percent_agreement), _number(mean.kappa), _number(mean.alpha),
                 _reasons(mean.percent_agreement, mean.kappa, mean.alpha)])
    return rows


def _rows(figures: CodeFigures) -> list[list[str]]:
    rows = []
    for pair in figures.pairs:
        c = pair.counts
        rows.append([figures.level, figures.path, pair.coders[0], pair.coders[1], str(c.items), str(c.both),
                     str(c.first_only), str(c.second_only), str(c.neither), _number(pair.percent_agreement),
                     _number(pair.kappa), _number(figures.alpha),
                     _reasons(pair.percent_agreement, pair.kappa, figures.alpha)])
    return rows


def _number(figure: Figure) -> str:
    return "" if figure.value is None else f"{figure.value:.4f}"


def _reasons(agreement: Figure, kappa: Figure, alpha: Figure) -> str:
    named = [(name, f.reason) for name, f in (("agreement", agreement), ("kappa", kappa), ("alpha", alpha))
             if f.value is None]
    return "; ".join(f"{name} n/a: {reason}" for name, reason in named)
