"""The documents of a project: import transcripts, list and read them, search them."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import AlreadyImported, ImportRefused
from .models import Document, DocumentSummary, ImportFailure, ImportReport, Relabelled, SearchHit
from .stc.context import Context
from .store import documents as store

if TYPE_CHECKING:
    from .ingest import batch
    from .project import Project
    from .revision.service import DocumentContents, FlaggedUnit, RevisionReport, Revisions


class Documents:
    def __init__(self, context: Context, project: Project) -> None:
        self._context = context
        self._project = project

    @property
    def _conn(self):
        return self._context.conn

    def list(self) -> builtins.list[DocumentSummary]:
        return store.summaries(self._conn)

    def get(self, label: str) -> Document:
        return store.load(self._conn, label)

    def sentence_spans(self, document: Document) -> builtins.list[tuple[int, int]]:
        return store.sentence_spans(self._conn, document.id)

    # import
    def import_files(
        self,
        inputs: Iterable[Path | str],
        *,
        participant: str | None = None,
        participants_csv: Path | str | None = None,
        speaker_pattern: str | None = None,
        kind: str | None = None,
        on_file: Callable[[str], None] | None = None,
        workers: int | None = None,
    ) -> ImportReport:
        """Import files and folders: each file whole or not at all; failures are reported, not raised.

        participant: who the generic speaker labels (Informant, IP ...) of these files stand for;
        else a `document` column in participants_csv, else a file name that starts with a label (K3.txt)."""
        from .ingest import batch
        from .speakers import import_naming

        naming = import_naming(self._conn, participant, participants_csv)  # refuses a bad label before any write
        if participants_csv:
            self._project.participants.import_csv(participants_csv)
        if speaker_pattern:
            from .ingest.turns import compile_speaker_pattern

            compile_speaker_pattern(speaker_pattern)  # a bad pattern stops the batch before it starts
        settings = batch.ImportSettings(self._context.language, self._project.trained_pipeline, speaker_pattern, kind,
                                        **naming)
        report = ImportReport()
        jobs = self._new_files(batch.expand_paths(Path(p) for p in inputs), report)
        with store.bulk_writing(self._conn):
            for prepared in batch.prepare_all(jobs, settings, workers):
                self._write_prepared(prepared, report)
                if on_file:
                    on_file(prepared.path)
        return report

    def _new_files(self, paths: builtins.list[Path], report: ImportReport) -> builtins.list[tuple[Path, str, str]]:
        """Skip files already imported (same sha256) and files whose label is taken; a second K1 in
        the batch, from another folder, is labelled with its folder (runde2/K1)."""
        from .ingest.batch import distinct_label, file_sha256

        jobs = []
        seen: set[str] = set()
        taken = store.labels(self._conn)
        in_batch: set[str] = set()
        for path in paths:
            try:
                sha = file_sha256(path)
            except OSError as exc:
                report.failed.append(ImportFailure(str(path), f"cannot read file ({exc.strerror})"))
                continue
            existing = store.label_of_sha(self._conn, sha)
            if existing or sha in seen:
                report.skipped.append(f"{path} (identical to {existing or 'another file in this batch'})")
                continue
            label = distinct_label(path, taken) if path.stem.lower() in in_batch else path.stem
            if label is None or label.lower() in taken:
                reason = f"a different document is already labelled {path.stem!r}"
                report.failed.append(ImportFailure(str(path), reason))
                continue
            if label != path.stem:
                report.relabelled.append(Relabelled(str(path), label))
            seen.add(sha)
            taken.add(label.lower())
            in_batch.add(path.stem.lower())
            jobs.append((path, sha, label))
        return jobs

    def _write_prepared(self, prepared: batch.Prepared, report: ImportReport) -> None:
        if prepared.error:
            report.failed.append(ImportFailure(prepared.path, prepared.error))
            return
        try:
            store.insert_document(
                self._conn, self._context.coder, prepared.document, prepared.turns, prepared.sentences,
                prepared.speakers, participant=prepared.participant,
            )
        except AlreadyImported as exc:
            report.skipped.append(f"{prepared.path} ({exc})")
            return
        except ImportRefused as exc:
            report.failed.append(ImportFailure(prepared.path, str(exc)))
            return
        report.imported.append(prepared.document["label"])
        report.words += prepared.words
        prepared.note_participant(report)
        report.note_reading(prepared.document["label"], prepared.path, prepared.encoding, prepared.warnings)

    # revision: a stored transcript changes, every unit, turn and theme source follows its words
    # (qualcode/revision/service.py); each is one undoable change
    @property
    def _revisions(self) -> Revisions:
        from .revision.service import Revisions

        return Revisions(self._context, self._project.trained_pipeline)

    def replace(self, label: str, path: Path | str, *, speaker_pattern: str | None = None) -> RevisionReport:
        """A corrected version of the transcript (any import format) takes the stored one's place."""
        return self._revisions.replace(label, path, speaker_pattern=speaker_pattern)

    def correct(self, label: str, start: int, end: int, new_text: str) -> RevisionReport:
        """text[start:end] becomes new_text."""
        return self._revisions.correct(label, start, end, new_text)

    def rename(self, label: str, new_label: str) -> str:
        return self._revisions.rename(label, new_label)

    def contents(self, label: str) -> DocumentContents:
        """How many units, codings and memos would go with the document."""
        return self._revisions.contents(label)

    def delete(self, label: str) -> DocumentContents:
        return self._revisions.delete(label)

    def flagged_units(self) -> builtins.list[FlaggedUnit]:
        """Units whose words were all deleted by a replace or correction, kept for review."""
        return self._revisions.flagged()

    def clear_review(self, unit_id: int) -> None:
        self._revisions.clear_review(unit_id)

    # search
    def search(self, query: str, *, exact: bool = False, limit: int = 50) -> builtins.list[SearchHit]:
        from .nlp import search

        return search.search(self._conn, query, self._context.language, exact=exact, limit=limit,
                             trained=self._project.trained_pipeline)

    def count_hits(self, query: str, *, exact: bool = False) -> int:
        from .nlp import search

        return search.count(self._conn, query, self._context.language, exact=exact,
                            trained=self._project.trained_pipeline)
