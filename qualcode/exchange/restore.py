"""A new project from a .qdpx: read and check the archive, run the language pipeline, write, put in place.

The project is built in a private folder beside the target and moved into place only when it is whole, so
a refused archive, a failure half-way or an interrupt leaves nothing behind (and never half a project at
the target). An existing target is accepted only while it holds nothing (a fresh `qualcode init`): its
content is then replaced through SQLite's backup, under its own write lock.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from ..errors import QualcodeError
from ..languages import LANGUAGES
from ..settings import resolve_coder
from ..store import exchange as store
from ..store.documents import bulk_writing
from .prepare_sources import prepare_sources
from .qdpx_read import read_archive
from .report import ExchangeReport
from .write_rows import RowWriter


def create_from_qdpx(target: Path, archive: Path, *, coder: str | None = None, language: str | None = None,
                     workers: int | None = None) -> ExchangeReport:
    from ..project import Project

    coder = resolve_coder(coder)
    target = Path(target)
    if archive.suffix.lower() != ".qdpx":
        raise QualcodeError(f"{archive.name}: a REFI-QDA project archive ends in .qdpx")
    if not target.parent.is_dir():
        raise QualcodeError(f"folder {target.parent} does not exist")
    existing_language = _empty_target_language(target)
    report = ExchangeReport(archive.name, str(target))
    started = time.perf_counter()
    parsed = read_archive(archive, report)  # a hostile or broken archive stops here: nothing is written
    report.seconds["read"] = time.perf_counter() - started
    exported = dict(_pairs(parsed.project_data.get("settings"))) if parsed.project_data else {}
    language = language or existing_language or exported.get("language") or "nb"
    if language not in LANGUAGES:
        raise QualcodeError(f"unsupported language {language!r} (choose {', '.join(LANGUAGES)})")
    report.language = language
    trained = _usable_pipeline(exported.get("pipeline") or None, language, report)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.importing-", dir=target.parent))
    try:
        sources = folder / "sources"
        sources.mkdir()
        building = folder / target.name
        with Project.create(building, language=language, coder=coder) as project:
            writer = RowWriter(project.conn, coder, parsed, report)
            writer.participants_from_cases(archive.name)
            started = time.perf_counter()  # each document is written while the next ones are analysed
            with bulk_writing(project.conn):
                writer.documents_from_sources(prepare_sources(parsed, language, trained, sources, report, workers))
            report.seconds["documents"] = time.perf_counter() - started
            started = time.perf_counter()
            writer.the_rest(archive.name, keep_language=exported.get("language") == language,
                            keep_pipeline=trained is not None)
        _put_in_place(building, target, existed=existing_language is not None)
        report.seconds["rest"] = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return report


def _pairs(value: object) -> list[tuple[str, str]]:
    if not isinstance(value, list):
        return []
    return [(str(p[0]), str(p[1])) for p in value if isinstance(p, list) and len(p) == 2]


def _empty_target_language(target: Path) -> str | None:
    """None for a new file; the language of an existing project that holds nothing; else a refusal."""
    if not target.exists():
        return None
    from ..project import Project

    with Project(target) as existing:
        counts = store.content_counts(existing.conn)
        if counts["documents"]:
            raise QualcodeError(f"{target} already has {counts['documents']} documents: a .qdpx is imported into "
                                "a new project (qualcode import NEW.qualcode FILE.qdpx)")
        held = [f"{count} {table}" for table, count in counts.items() if count]
        if held:
            raise QualcodeError(f"{target} already holds {', '.join(held)}: a .qdpx is imported into a new or "
                                "empty project")
        return existing.language


def _usable_pipeline(name: str | None, language: str, report: ExchangeReport) -> str | None:
    if not name:
        return None
    from ..nlp.pipeline import load_pipeline

    try:
        load_pipeline(language, name)
    except QualcodeError:
        report.note(f"the exported project used the trained pipeline {name}, which is not installed here: "
                    "sentences and lemmas come from the blank pipeline")
        return None
    return name


def _put_in_place(building: Path, target: Path, *, existed: bool) -> None:
    if not existed:
        try:
            os.link(building, target)  # fails if someone created the target meanwhile; never overwrites
        except FileExistsError:
            raise QualcodeError(f"{target} appeared while importing; nothing was written to it") from None
        except OSError:  # a file system without hard links
            if target.exists():
                raise QualcodeError(f"{target} appeared while importing; nothing was written to it") from None
            os.replace(building, target)
        return
    from ..project import Project

    with Project(target) as existing:
        _empty_target_language(target)  # still empty now that the work is done
        source = sqlite3.connect(building)
        try:
            store.copy_database(source, existing.conn)
        finally:
            source.close()
