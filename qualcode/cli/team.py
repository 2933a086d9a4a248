"""Team commands: agreement between coders (figures, rounds) and the disagreements to discuss."""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..choices import AGREEMENT_UNITS as UNITS
from ..choices import DISAGREEMENT_KINDS as KINDS
from ..codebook.model import join_path, split_path
from ..errors import QualcodeError
from ..wording import plural
from . import cli
from .common import json_option, print_json, with_project

if TYPE_CHECKING:
    from ..project import Project
    from ..team.agreement import AgreementReport, CodeFigures
    from ..team.coefficients import Figure
    from ..team.disagreements import Worklist

_CODE_WIDTH = 44


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def scope_options(command: Callable) -> Callable:
    """The options that say what is compared, shared by `agreement` and `disagreements`."""

    @click.option("--coders", help="The coders to compare, comma-separated: --coders kari,ole (two or more).")
    @click.option("--code", "code_path", help='Only this code and the codes under it: --code "Samhandling/Tillit".')
    @click.option("--unit", type=click.Choice(UNITS), default="character", show_default=True,
                  help="What one item is: each character, sentence or turn (a sentence or turn counts as coded"
                       " if any of its characters is): --unit sentence.")
    @click.option("--documents", multiple=True,
                  help="Only these documents (labels, comma-separated or the option repeated): --documents K1,K2."
                       " Of them, those that at least two of the coders coded are compared.")
    @click.option("--exclude-interviewer", is_flag=True,
                  help="Leave the interviewer's turns (I:, Intervjuer: ...) out of the items.")
    @click.option("--exclude-uncoded", is_flag=True,
                  help="Leave out text that none of the compared coders coded with any code.")
    @functools.wraps(command)
    def wrapper(coders: str | None, code_path: str | None, unit: str, documents: tuple[str, ...],
                exclude_interviewer: bool, exclude_uncoded: bool, **kwargs: Any) -> Any:
        chosen = [d for value in documents for d in _split(value)]
        scope = {"code": code_path, "unit": unit, "documents": chosen or None,
                 "exclude_interviewer": exclude_interviewer, "exclude_uncoded": exclude_uncoded}
        return command(coders=_split(coders), scope=scope, **kwargs)

    return wrapper


def _require_coders(project: Project, coders: list[str]) -> list[str]:
    if not coders:
        known = project.team.coders()
        raise QualcodeError(f"name the coders to compare: --coders {','.join(known[:2]) or 'kari,ole'}"
                            f" (coders in this project: {', '.join(known) or 'none'})")
    return coders


@cli.command()
@with_project
@scope_options
@click.option("--save", is_flag=True, help="Keep this round's figures in the project (listed by --rounds).")
@click.option("--note", default="", help="With --save: a note on the round: --note \"before the codebook meeting\".")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the figures as CSV, one row per code and pair of coders: --csv samsvar.csv.")
@click.option("--rounds", "list_rounds", is_flag=True, help="List the kept agreement rounds instead.")
@json_option
def agreement(project: Project, coders: list[str], scope: dict[str, Any], save: bool, note: str,
              csv_path: Path | None, list_rounds: bool, as_json: bool) -> None:
    """Intercoder agreement: percent agreement, Cohen's kappa and Krippendorff's alpha.

    Per code, per subgroup and code group (the union of their codes), and overall (pooled and
    the mean of the codes), over the documents that the coders both coded.

    \b
    Example:
      qualcode agreement samhandling.qualcode --coders kari,ole
      qualcode agreement samhandling.qualcode --coders kari,ole --unit sentence --exclude-interviewer --save
      qualcode agreement samhandling.qualcode --coders kari,ole --code "Samhandling" --csv samsvar.csv
      qualcode agreement samhandling.qualcode --rounds
    """
    if list_rounds:
        _print_rounds(project, as_json)
        return
    report = project.team.agreement(_require_coders(project, coders), **scope)
    if csv_path:
        _write_csv(report, csv_path)
    number = project.team.save_round(report, note=note) if save else None
    if as_json:
        print_json(report)
        return
    _print_report(report)
    if csv_path:
        click.echo(f"wrote {csv_path}")
    if number is not None:
        click.echo(f"kept as agreement round {len(project.team.rounds())} (qualcode agreement P --rounds lists them)")


def _write_csv(report: AgreementReport, path: Path) -> None:
    from ..private_files import write_private
    from ..team.tables import CSV_COLUMNS, csv_rows

    def write(temporary: Path) -> None:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(csv_rows(report))

    write_private(path, write)


def _shorten(name: str, width: int = _CODE_WIDTH) -> str:
    return name if len(name) <= width else name[:width - 1] + "…"


def _print_report(report: AgreementReport) -> None:
    scope, double = report.scope, report.double_coded
    share = f" ({double.share * 100:.1f} % of the text)" if double.share is not None else ""
    click.echo(f"Agreement: {scope.describe()}")
    click.echo(f"double-coded: {double.documents} of {plural(double.documents_total, 'document')}{share}")
    for left in report.left_out:
        click.echo(f"  left out: {left.document} ({left.reason})")
    two = len(scope.coders) == 2
    click.echo("\nBy code group, subgroup and code (a group or subgroup row: the union of the codes under it)")
    click.echo(_header(scope.coders) if two else _header_many())
    for name, row in _tree_rows(report):
        click.echo(_row(name, row) if two else _row_many(name, row))
    pooled = f"All {len(report.codes)} code tables pooled"
    click.echo(_row(pooled, report.pooled) if two else _row_many(pooled, report.pooled))
    mean = report.mean
    agreement = _mean(mean.percent_agreement, mean.percent_agreement_codes, mean.codes, True)
    click.echo(f"\nMean of the {plural(mean.codes, 'code')}: agreement {agreement},"
               f" kappa {_mean(mean.kappa, mean.kappa_codes, mean.codes)},"
               f" alpha {_mean(mean.alpha, mean.alpha_codes, mean.codes)}")
    if not two:
        _print_matrix(report)
    undefined = [(row, name, f) for row in (*report.codes, *report.subgroups, *report.code_groups, report.pooled)
                 for name, f in (("agreement", row.percent_agreement), ("kappa", row.kappa), ("alpha", row.alpha))
                 if f.value is None]
    if undefined:
        click.echo("\nn/a (undefined, not zero):")
        for row, name, figure in undefined:
            click.echo(f"  {row.path} ({row.level}): {name}: {figure.reason}")


def _tree_rows(report: AgreementReport) -> list[tuple[str, CodeFigures]]:
    """Codebook order, indented by level; a subgroup coded both itself and through its codes gets both rows."""
    codes = {row.path: row for row in report.codes}
    rollups = {row.path: row for row in (*report.code_groups, *report.subgroups)}
    paths = sorted({*codes, *rollups}, key=_codebook_order(report))
    names = {path: split_path(path) for path in paths}
    rows = []
    for path in paths:
        depth, name = len(names[path]) - 1, names[path][-1]
        below = any(len(names[o]) > len(names[path]) and names[o][:len(names[path])] == names[path] for o in codes)
        if path in rollups and (below or path not in codes):
            rows.append(("  " * depth + name, rollups[path]))
            if path in codes:
                rows.append(("  " * (depth + 1) + "(coded as itself)", codes[path]))
        else:
            rows.append(("  " * depth + name, codes[path]))
    return rows


def _codebook_order(report: AgreementReport) -> Callable[[str], tuple[int, ...]]:
    """Rows come in the report's own order: groups, then their subgroups, then codes, as the codebook has them."""
    first_seen: dict[str, int] = {}
    for row in (*report.code_groups, *report.subgroups, *report.codes):
        first_seen.setdefault(row.path, len(first_seen))

    def key(path: str) -> tuple[int, ...]:
        parts = split_path(path)
        return tuple(first_seen.get(join_path(parts[:i + 1]), 1 << 30) for i in range(len(parts)))

    return key


def _header(coders: tuple[str, ...]) -> str:
    a, b = (f"{c[:9]} only" for c in coders)
    return (f"  {'code':<{_CODE_WIDTH}} {'N':>8} {'both':>7} {a:>14} {b:>14} {'neither':>8}"
            f" {'agree':>8} {'kappa':>6} {'alpha':>6}")


def _row(name: str, row: CodeFigures) -> str:
    c = row.counts
    return (f"  {_shorten(name):<{_CODE_WIDTH}} {c.items:>8} {c.both:>7} {c.first_only:>14} {c.second_only:>14}"
            f" {c.neither:>8} {row.percent_agreement.text(percent=True):>8} {row.kappa.text():>6}"
            f" {row.alpha.text():>6}")


def _header_many() -> str:
    return (f"  {'code':<{_CODE_WIDTH}} {'N':>8} {'agree (mean of pairs)':>22} {'kappa (mean of pairs)':>22}"
            f" {'alpha':>6}")


def _row_many(name: str, row: CodeFigures) -> str:
    return (f"  {_shorten(name):<{_CODE_WIDTH}} {row.items:>8} {row.percent_agreement.text(percent=True):>22}"
            f" {row.kappa.text():>22} {row.alpha.text():>6}")


def _mean(figure: Figure, used: int, codes: int, percent: bool = False) -> str:
    left_out = f"; {codes - used} n/a left out" if used < codes else ""
    return f"{figure.text(percent=percent)} ({used} codes{left_out})" if figure.value is not None else "n/a"


def _print_matrix(report: AgreementReport) -> None:
    coders = report.scope.coders
    width = max(8, *(len(c) + 1 for c in coders))
    click.echo("\nCohen's kappa for each pair of coders (all codes pooled):")
    click.echo(" " * (width + 2) + "".join(f"{c:>{width}}" for c in coders))
    for name, cells in zip(coders, report.pairwise_kappa(), strict=True):
        click.echo(f"  {name:<{width}}" + "".join(f"{'-' if f is None else f.text():>{width}}" for f in cells))


def _print_rounds(project: Project, as_json: bool) -> None:
    kept = project.team.rounds()
    if as_json:
        print_json([{k: v for k, v in vars(r).items() if k != "figures"} for r in kept])
        return
    if not kept:
        click.echo("no agreement rounds kept yet (qualcode agreement P --coders a,b --save keeps one)")
        return
    for r in kept:
        click.echo(f"round {r.number}  {r.at[:16].replace('T', ' ')}  {', '.join(r.coders)} by {r.unit}"
                   f"  {plural(r.documents, 'document')}  agreement {r.percent_agreement.text(percent=True)}"
                   f"  kappa {r.kappa.text()}  alpha {r.alpha.text()}  (saved by {r.saved_by})")
        click.echo(f"  {r.scope}" + (f"; note: {r.note}" if r.note else ""))
        if r.codebook_changes:
            click.echo(f"  codebook changes after it ({len(r.codebook_changes)}):")
            for change in r.codebook_changes:
                click.echo(f"    {change}")
        else:
            click.echo("  no codebook changes after it")


@cli.command()
@with_project
@scope_options
@click.option("--kind", type=click.Choice(KINDS), help='Only this kind: --kind "one coder only".')
@click.option("--confusion", is_flag=True, help="Print the code x code confusion table (items) instead.")
@click.option("--limit", type=click.IntRange(min=0), default=0, help="Show at most this many places (0: all).")
@json_option
def disagreements(project: Project, coders: list[str], scope: dict[str, Any], kind: str | None, confusion: bool,
                  limit: int, as_json: bool) -> None:
    """Where the coders disagree, as a worklist: per code, each place and its kind.

    Kinds: one coder only; different code (the same text under different codes); different
    extent (both coded it, over different text); some coders only (three coders or more).

    \b
    Example:
      qualcode disagreements samhandling.qualcode --coders kari,ole
      qualcode disagreements samhandling.qualcode --coders kari,ole --kind "different code" --unit sentence
      qualcode disagreements samhandling.qualcode --coders kari,ole --confusion
    """
    worklist = project.team.disagreements(_require_coders(project, coders), **scope)
    places = [d for d in worklist.disagreements if kind is None or d.kind == kind]
    shown = places[:limit] if limit else places
    if as_json:
        print_json({"scope": worklist.scope, "disagreements": shown, "confusion": worklist.confusion})
        return
    if confusion:
        _print_confusion(worklist)
        return
    code = None
    for place in shown:
        if place.code != code:
            code = place.code
            counts = ", ".join(f"{k}: {n}" for (c, k), n in worklist.counts().items() if c == code)
            click.echo(f"\n{code}  ({counts})")
        click.echo(f"  {place.where:<28} {place.kind:<17} {place.start}-{place.end}  «{place.text}»")
        for who in place.coders:
            marked = ", ".join(f"{s}-{e}" for s, e in who.spans) or "not coded"
            instead = f"; coded it {', '.join(who.other_codes)}" if who.other_codes else ""
            click.echo(f"      {who.coder}: {marked}{instead}")
    more = f" (showing {len(shown)})" if len(shown) < len(places) else ""
    click.echo(f"\n{plural(len(places), 'place')} to discuss{more}")


def _print_confusion(worklist: Worklist) -> None:
    for table in worklist.confusion:
        first, second = table.coders
        click.echo(f"\nrows: {first}'s codes; columns: {second}'s codes (items coded with both)")
        for index, name in enumerate(table.codes, start=1):
            click.echo(f"  {index:>3} {name}")
        width = max(7, *(len(str(v)) + 1 for row in table.cells for v in row))
        click.echo("      " + "".join(f"{i:>{width}}" for i in range(1, len(table.codes) + 1)))
        for index, row in enumerate(table.cells, start=1):
            click.echo(f"  {index:>3} " + "".join(f"{v:>{width}}" for v in row))
