"""Import many files: read and analyse them on every core, write each in its own transaction."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportRefused, QualcodeError
from ..forking import can_fork
from ..models import DocumentParticipant, ImportReport
from ..nlp.keys import load_lemmas
from ..nlp.pipeline import load_pipeline, sentences
from ..store.documents import document_key
from .readers import SUFFIXES, read_document
from .turns import compile_speaker_pattern, is_generic_participant, is_interviewer

PARALLEL_FROM_FILES = 4  # below this, starting worker processes costs more than it saves
# objects made between two collections of the young generation while a batch runs (Python's default is 700):
# the tables of pieces and words a worker builds made the collector a sixth of its time
_YOUNG_COLLECTION_EVERY = 20_000


@dataclass
class Prepared:
    """One file read and analysed, ready to be written; or the reason it cannot be."""

    path: str
    error: str | None = None
    document: dict = field(default_factory=dict)
    turns: list[tuple] = field(default_factory=list)
    sentences: list[tuple] = field(default_factory=list)  # (start, end, lemma keys): the text is sent once
    speakers: list[str] = field(default_factory=list)  # named participants (K1, Kari), not generic labels
    words: int = 0
    generic_speakers: list[str] = field(default_factory=list)  # Informant, IP ...: the document's participant
    participant: str | None = None  # who the generic labels stand for, when something says so
    participant_source: str = ""  # what said so: "--participant", the CSV's name, "the file name"
    encoding: str | None = None  # how a text file's bytes were read (utf-8, windows-1252 ...); None for Word, ODT
    warnings: tuple[str, ...] = ()  # the reader's notes for the report (bad bytes replaced, a cue without timing)

    def note_participant(self, report: ImportReport) -> None:
        """Tell the report who this document's generic labels stand for, or that nothing said."""
        if not self.generic_speakers:
            return
        entry = DocumentParticipant(self.document["label"], tuple(self.generic_speakers), self.participant,
                                    self.participant_source)
        (report.named_participants if self.participant else report.unnamed_participants).append(entry)


@dataclass(frozen=True)
class ImportSettings:
    language: str
    trained_pipeline: str | None = None
    speaker_pattern: str | None = None
    kind: str | None = None
    participant: str | None = None  # --participant: the participant of every document in the batch
    document_participants: dict[str, str] = field(default_factory=dict)  # document key -> participant (CSV)
    participants_source: str = ""  # the CSV's file name, for the report
    known_participants: tuple[str, ...] = ()  # labels a file name may start with besides codes (Kari)


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


def prepare(path: Path, settings: ImportSettings, sha256: str, label: str | None = None) -> Prepared:
    """Read, find turns, split sentences and lemmatise: everything but the write."""
    try:
        pattern = compile_speaker_pattern(settings.speaker_pattern) if settings.speaker_pattern else None
        raw = read_document(path, pattern, settings.language)
        nlp = load_pipeline(settings.language, settings.trained_pipeline)
        label_ends = {turn.start: turn.body_start for turn in raw.turns}
        found = sentences(nlp, raw.text, settings.language, label_ends)
    except ImportRefused as exc:
        return Prepared(str(path), error=str(exc))
    except (MemoryError, RecursionError) as exc:
        return Prepared(str(path), error=f"too large or too deeply nested to read ({type(exc).__name__})")
    except Exception as exc:  # a reader's unforeseen failure costs this file, never the batch
        return Prepared(str(path), error=f"could not be read ({type(exc).__name__}: {str(exc)[:120]})")
    talking = {t.speaker for t in raw.turns if t.speaker and not is_interviewer(t.speaker)}
    generic = sorted(s for s in talking if is_generic_participant(s))
    speakers = sorted(talking - set(generic))
    kind = settings.kind or _guess_kind(speakers + generic[:1], bool(raw.turns))
    label = label or path.stem
    participant, source = _document_participant(path, label, speakers, generic, kind, settings)
    words = len(raw.text.split())
    document = {
        "label": label,
        "title": raw.title,
        "kind": kind,
        "language": settings.language,
        "source_name": path.name,
        "sha256": sha256,
        "text": raw.text,
        "words": words,
    }
    return Prepared(
        str(path),
        document=document,
        turns=[(t.start, t.end, t.body_start, t.speaker, t.time_start, t.time_end) for t in raw.turns],
        sentences=[(s.start, s.end, s.lemmas) for s in found],
        speakers=speakers,
        words=words,
        generic_speakers=generic,
        participant=participant,
        participant_source=source,
        encoding=raw.encoding,
        warnings=raw.warnings,
    )


# K3.txt, K3-intervju.docx, H6_transkripsjon.odt, P01 intervju.odt: a participant code, then a break
_CODE_IN_NAME = re.compile(r"([^\W\d_]{1,4}\d{1,3})(?=$|[-_ .,(])")


def participant_from_file_name(path: Path, known: Iterable[str] = ()) -> str | None:
    """The participant a file's name starts with: a code (K3, H6, P01), or a known participant's label."""
    stem = path.stem.strip()
    match = _CODE_IN_NAME.match(stem)
    if match and not is_interviewer(match.group(1)):
        return match.group(1)
    for label in sorted(known, key=len, reverse=True):
        if re.match(rf"{re.escape(label)}(?=$|[-_ .,(])", stem, re.IGNORECASE):
            return label
    return None


def _document_participant(path: Path, label: str, named: list[str], generic: list[str], kind: str,
                          settings: ImportSettings) -> tuple[str | None, str]:
    """Who the document's generic labels stand for: the option, else the CSV, else the file name
    (the last only in a one-participant document: in a focus group the name says nothing about them)."""
    if not generic:
        return None, ""
    if settings.participant:
        return settings.participant, "--participant"
    for key in (document_key(label), document_key(path.name)):
        if key in settings.document_participants:
            return settings.document_participants[key], settings.participants_source or "the participants CSV"
    if named or kind == "focus group":
        return None, ""
    from_name = participant_from_file_name(path, settings.known_participants)
    return (from_name, "the file name") if from_name else (None, "")


def distinct_label(path: Path, taken: set[str]) -> str | None:
    """The file's name without suffix, or with as many of its folders as tell it apart from the
    labels already taken (runde2/K1 beside K1); None when even its whole path does not."""
    parts = [part for part in path.parent.parts if part not in ("/", "", ".", "..")]
    for depth in range(len(parts) + 1):
        label = "/".join([*parts[len(parts) - depth :], path.stem])
        if label.lower() not in taken:
            return label
    return None


def _guess_kind(speakers: list[str], has_turns: bool) -> str:
    if len(speakers) >= 3:
        return "focus group"
    return "interview" if has_turns else "other"


_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def prepare_all(
    jobs: list[tuple[Path, str]] | list[tuple[Path, str, str]], settings: ImportSettings, workers: int | None = None
) -> Iterator[Prepared]:
    """Yield prepared files in order; several worker processes when the batch is big enough.

    A job is (path, sha256) or (path, sha256, label) when the label is not the file's stem."""
    workers = workers or os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM_FILES or workers < 2:
        for job in jobs:
            yield prepare(job[0], settings, *job[1:])
        return
    method = "fork" if can_fork() else "spawn"  # fork shares the loaded spaCy pipeline
    load_pipeline(settings.language, settings.trained_pipeline)
    load_lemmas(settings.language)  # a forked worker shares the dictionary instead of reading its own
    with _fewer_collections(), ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                                   initializer=_start_worker,
                                                   initargs=(os.getpid(), method == "spawn")) as pool:
        yield from pool.map(_prepare_job, [(job[0], settings, *job[1:]) for job in jobs], chunksize=2)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """While a batch runs: what the process already holds is left out of garbage collection (a forked
    worker then shares it untouched, and the writer does not walk a read archive again and again), and
    the young generation is collected less often; all as before afterwards."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], _YOUNG_COLLECTION_EVERY), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _start_worker(parent: int, spawned: bool = False) -> None:
    gc.set_threshold(max(gc.get_threshold()[0], _YOUNG_COLLECTION_EVERY), *gc.get_threshold()[1:])  # spawned too
    if spawned:  # started beside threads, as inside the TUI: a warning printed here would draw over its screen
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        os.close(quiet)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """A worker never outlives the import that started it (a killed `qualcode import`, a closed terminal)."""
    try:  # Linux: the kernel sends SIGKILL when the parent goes
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it went before the line above took hold
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Elsewhere, and as a second line: look every second whether the parent is still there."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _prepare_job(job: tuple) -> Prepared:
    return prepare(*job)


