"""Import many files: read and analyse them on every core, write each in its own transaction."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportRefused, QualcodeError
from ..nlp.pipeline import load_pipeline, sentences
from .readers import SUFFIXES, read_document
from .turns import compile_speaker_pattern, is_interviewer

PARALLEL_FROM_FILES = 4  # below this, starting worker processes costs more than it saves


@dataclass
class Prepared:
    """One file read and analysed, ready to be written; or the reason it cannot be."""

    path: str
    error: str | None = None
    document: dict = field(default_factory=dict)
    turns: list[tuple] = field(default_factory=list)
    sentences: list[tuple] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    words: int = 0


@dataclass(frozen=True)
class ImportSettings:
    language: str
    trained_pipeline: str | None = None
    speaker_pattern: str | None = None
    kind: str | None = None


def expand_paths(inputs: Iterable[Path]) -> list[Path]:
    """Files as given, folders as their supported files (sorted, recursively)."""
    paths: list[Path] = []
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            paths.extend(sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif item.exists():
            paths.append(item)
        else:
            raise QualcodeError(f"no such file or folder: {item}")
    return paths


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepare(path: Path, settings: ImportSettings, sha256: str) -> Prepared:
    """Read, find turns, split sentences and lemmatise: everything but the write."""
    try:
        pattern = compile_speaker_pattern(settings.speaker_pattern) if settings.speaker_pattern else None
        raw = read_document(path, pattern)
        nlp = load_pipeline(settings.language, settings.trained_pipeline)
        label_ends = {turn.start: turn.body_start for turn in raw.turns}
        found = sentences(nlp, raw.text, settings.language, label_ends)
    except ImportRefused as exc:
        return Prepared(str(path), error=str(exc))
    except (MemoryError, RecursionError) as exc:
        return Prepared(str(path), error=f"too large or too deeply nested to read ({type(exc).__name__})")
    except Exception as exc:  # a reader's unforeseen failure costs this file, never the batch
        return Prepared(str(path), error=f"could not be read ({type(exc).__name__}: {str(exc)[:120]})")
    speakers = sorted({t.speaker for t in raw.turns if t.speaker and not is_interviewer(t.speaker)})
    document = {
        "label": path.stem,
        "title": raw.title,
        "kind": settings.kind or _guess_kind(speakers, bool(raw.turns)),
        "language": settings.language,
        "source_name": path.name,
        "sha256": sha256,
        "text": raw.text,
        "words": len(raw.text.split()),
    }
    return Prepared(
        str(path),
        document=document,
        turns=[(t.start, t.end, t.body_start, t.speaker, t.time_start, t.time_end) for t in raw.turns],
        sentences=[(s.start, s.end, raw.text[s.start : s.end], s.lemmas) for s in found],
        speakers=speakers,
        words=document["words"],
    )


def _guess_kind(speakers: list[str], has_turns: bool) -> str:
    if len(speakers) >= 3:
        return "focus group"
    return "interview" if has_turns else "other"


def prepare_all(
    jobs: list[tuple[Path, str]], settings: ImportSettings, workers: int | None = None
) -> Iterator[Prepared]:
    """Yield prepared files in order; several worker processes when the batch is big enough."""
    workers = workers or os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM_FILES or workers < 2:
        for path, sha in jobs:
            yield prepare(path, settings, sha)
        return
    # fork shares the loaded spaCy pipeline; it is only safe while no other thread runs
    method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    load_pipeline(settings.language, settings.trained_pipeline)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        yield from pool.map(_prepare_job, [(p, settings, sha) for p, sha in jobs], chunksize=2)


def _prepare_job(job: tuple[Path, ImportSettings, str]) -> Prepared:
    return prepare(*job)


