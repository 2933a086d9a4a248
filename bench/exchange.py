"""REFI-QDA exchange benchmark: a big project exported to .qdpx, and that archive imported as a new project.

    python bench/exchange.py                          # 1,000 transcripts of 8,000 words, 20,000 codings
    python bench/exchange.py --files 40 --codings 800 # quick

The project is built once from the synthetic corpus (bench/synthetic.py) and kept in bench/out; its units
are sentences the pipeline proposed, each coded with one of 40 subgroups, a fifth of them by a second coder
too. Timed: the export (project.exchange.export_qdpx), and the import (qualcode.exchange.create_from_qdpx,
which runs the language pipeline on every transcript, as `qualcode import` does); the archive's reading
alone is timed too, and `qualcode import` of the same transcripts, run right after under the same load,
is the reference (the pipeline and the documents' writing path are the same). Wall clock and CPU seconds
(this process and its workers). Target: each under 30 s. The last line is one JSON object.
"""

from __future__ import annotations

import _venv  # noqa: F401  (first: re-runs this script with the project's .venv Python)

# isort: split

import argparse
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _reference import reference_ms  # noqa: E402
from synthetic import write_corpus  # noqa: E402

from qualcode.exchange import create_from_qdpx  # noqa: E402
from qualcode.exchange.qdpx_read import read_archive  # noqa: E402
from qualcode.exchange.report import ExchangeReport  # noqa: E402
from qualcode.project import Project  # noqa: E402

GROUPS, SUBGROUPS = 8, 5


def build(path: Path, files: int, words: int, codings: int) -> float:
    """The project to move, built once (an import and many codings take a while) and kept; returns how long
    `qualcode import` of its transcripts took (the reference for the archive's import), kept beside it."""
    timing = path.with_suffix(".import-seconds")
    if path.exists() and timing.exists():
        return float(timing.read_text())
    partial = path.with_suffix(".building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    corpus = write_corpus(HERE / "out" / f"corpus-{files}x{words}", files, words)
    rng = random.Random(3)
    with Project.create(partial, language="nb", coder="kari") as project:
        started = time.perf_counter()
        report = project.documents.import_files(corpus)
        import_s = time.perf_counter() - started
        assert not report.failed, report.failed[:3]
        codes = [f"Tema {g + 1} om samhandling/Undergruppe {s + 1}" for g in range(GROUPS) for s in range(SUBGROUPS)]
        for code in codes:
            project.codebook.add(code, description="Inkluder: utsagn om samarbeid og overganger.")
        documents = [d.label for d in project.documents.list()]
        sentences = {label: project.units.proposed_boundaries(label) for label in documents}
        ids = {code: project.codebook.code_id(code) for code in codes}
        made = 0
        second: list[int] = []
        while made < codings:
            label = rng.choice(documents)
            start, end = rng.choice(sentences[label])
            unit = project.units.create(label, start, end, codes=[rng.choice(codes)])
            made += 1
            if made % 5 == 0 and made < codings:
                second.append(unit)
                made += 1
    with Project(partial, coder="ola") as other:
        for unit in second:
            other.units.code_by_id(unit, ids[rng.choice(codes)])
    os.replace(partial, path)
    timing.write_text(f"{import_s:.2f}")
    return import_s


def cpu_seconds() -> float:
    """User and system time of this process and of the worker processes it waited for."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--words", type=int, default=8000, help="words per transcript")
    parser.add_argument("--codings", type=int, default=20000)
    args = parser.parse_args()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    project = out / f"exchange-{args.files}x{args.words}-{args.codings}.qualcode"
    build(project, args.files, args.words, args.codings)
    with tempfile.TemporaryDirectory(dir=out) as scratch:
        folder = Path(scratch)
        archive = folder / "flytt.qdpx"
        t, cpu = time.perf_counter(), cpu_seconds()
        with Project(project, coder="kari") as opened:
            summary = opened.exchange.export_qdpx(archive)
        export_s, export_cpu_s = time.perf_counter() - t, cpu_seconds() - cpu
        t = time.perf_counter()
        read_archive(archive, ExchangeReport(archive.name))
        read_s = time.perf_counter() - t
        t, cpu = time.perf_counter(), cpu_seconds()
        report = create_from_qdpx(folder / "kopi.qualcode", archive, coder="per")
        import_s, import_cpu_s = time.perf_counter() - t, cpu_seconds() - cpu
        # the reference, measured now under the same load: `qualcode import` of the same transcripts
        t, cpu = time.perf_counter(), cpu_seconds()
        with Project.create(folder / "referanse.qualcode", coder="per") as plain:
            plain.documents.import_files(write_corpus(out / f"corpus-{args.files}x{args.words}", args.files,
                                                      args.words))
        plain_s, plain_cpu_s = time.perf_counter() - t, cpu_seconds() - cpu
        same = all(count(project, table) == count(folder / "kopi.qualcode", table)
                   for table in ("documents", "units", "codings", "codes", "segments"))
        figures = {
            "files": args.files, "words_per_file": args.words, "codings": summary.codings, "units": summary.units,
            "archive_mb": round(archive.stat().st_size / 1e6, 1),
            "export_s": round(export_s, 2), "import_s": round(import_s, 2),
            "export_cpu_s": round(export_cpu_s, 2), "import_cpu_s": round(import_cpu_s, 2),
            "import_read_s": round(report.seconds["read"], 2),
            "import_documents_s": round(report.seconds["documents"], 2),  # pipeline and writing, overlapped
            "import_rest_s": round(report.seconds["rest"], 2), "read_archive_alone_s": round(read_s, 2),
            "export_under_30_s": export_s < 30, "import_under_30_s": import_s < 30, "same_counts": same,
            "selections_in": report.came_in("selections"), "cpus": os.cpu_count(),
            # `qualcode import` of the same transcripts: the pipeline and the documents' writing path it shares
            "plain_import_s": round(plain_s, 2), "plain_import_cpu_s": round(plain_cpu_s, 2),
            "import_to_plain_import": round(import_s / plain_s, 2), "load_average": round(os.getloadavg()[0], 1),
        }
    print(f"export: {export_s:.1f} s, import: {import_s:.1f} s (reading the archive {read_s:.1f} s) for "
          f"{args.files} transcripts, {summary.codings} codings", file=sys.stderr)
    figures["reference_ms"] = reference_ms()  # this machine's speed now (bench/_reference.py)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
