"""The project: the one domain API that the CLI, the TUI and the tests use."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from . import settings as keys
from .codebook import edit as codebook_edit
from .codebook import service as codebook_service
from .codebook.formats import read_codebook, write_codebook
from .errors import QualcodeError
from .ingest import batch
from .ingest.encoding import read_text_file
from .ingest.tables import csv_rows
from .models import (
    Document,
    DocumentSummary,
    ImportFailure,
    ImportReport,
    Participant,
    SearchHit,
)
from .nlp import search as search_module
from .nlp.pipeline import LANGUAGES, load_pipeline
from .settings import resolve_coder
from .stc.context import Context
from .stc.step1_impression import Impression
from .stc.step2_units import Units
from .stc.step3_condense import Condensing
from .stc.step4_synthesis import Synthesizing
from .store import changes, documents, participants
from .store import settings as stored_settings
from .store.db import create_database, open_database


class Project:
    """An open project file. Every change goes through here, as one audited transaction."""

    def __init__(self, path: Path | str, coder: str | None = None) -> None:
        self.path = Path(path)
        self.db = open_database(self.path)
        self.conn = self.db.conn
        self.coder = resolve_coder(coder)
        context = Context(self.conn, self.coder, self.language)
        # the four steps of the method, in order
        self.impression = Impression(context)
        self.units = Units(context)
        self.condensing = Condensing(context)
        self.synthesizing = Synthesizing(context)

    @classmethod
    def create(cls, path: Path | str, language: str = "nb", coder: str | None = None) -> "Project":
        if language not in LANGUAGES:
            raise QualcodeError(f"unsupported language {language!r} (choose {', '.join(LANGUAGES)})")
        db = create_database(Path(path))
        stored_settings.put(db.conn, resolve_coder(coder), keys.LANGUAGE, language)
        db.conn.close()
        return cls(path, coder)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # settings
    @property
    def language(self) -> str:
        return stored_settings.get(self.conn, keys.LANGUAGE, "nb")

    @property
    def trained_pipeline(self) -> str | None:
        return stored_settings.get(self.conn, keys.PIPELINE) or None

    def use_trained_pipeline(self, name: str | None) -> None:
        """Name an installed spaCy pipeline to use instead of blank + simplemma (None to go back)."""
        if name:
            load_pipeline(self.language, name)  # fails now, clearly, if it is not installed
        stored_settings.put(self.conn, self.coder, keys.PIPELINE, name or "")

    # import
    def import_files(
        self,
        inputs: Iterable[Path | str],
        *,
        participants_csv: Path | str | None = None,
        speaker_pattern: str | None = None,
        kind: str | None = None,
        on_file: Callable[[str], None] | None = None,
        workers: int | None = None,
    ) -> ImportReport:
        """Import files and folders: each file whole or not at all; failures are reported, not raised."""
        if participants_csv:
            self.import_participants(participants_csv)
        if speaker_pattern:
            from .ingest.turns import compile_speaker_pattern

            compile_speaker_pattern(speaker_pattern)  # a bad pattern stops the batch before it starts
        settings = batch.ImportSettings(self.language, self.trained_pipeline, speaker_pattern, kind)
        report = ImportReport()
        jobs = self._new_files(batch.expand_paths(Path(p) for p in inputs), report)
        for prepared in batch.prepare_all(jobs, settings, workers):
            self._write_prepared(prepared, report)
            if on_file:
                on_file(prepared.path)
        return report

    def _new_files(self, paths: list[Path], report: ImportReport) -> list[tuple[Path, str]]:
        """Skip files already imported (same sha256) and files whose label is taken."""
        jobs = []
        seen: set[str] = set()
        taken = documents.labels(self.conn)
        for path in paths:
            try:
                sha = batch.file_sha256(path)
            except OSError as exc:
                report.failed.append(ImportFailure(str(path), f"cannot read file ({exc.strerror})"))
                continue
            existing = documents.label_of_sha(self.conn, sha)
            if existing or sha in seen:
                report.skipped.append(f"{path} (identical to {existing or 'another file in this batch'})")
                continue
            if path.stem.lower() in taken:
                report.failed.append(ImportFailure(str(path), f"a different document is already labelled {path.stem!r}"))
                continue
            seen.add(sha)
            taken.add(path.stem.lower())
            jobs.append((path, sha))
        return jobs

    def _write_prepared(self, prepared: batch.Prepared, report: ImportReport) -> None:
        if prepared.error:
            report.failed.append(ImportFailure(prepared.path, prepared.error))
            return
        documents.insert_document(
            self.conn, self.coder, prepared.document, prepared.turns, prepared.sentences, prepared.speakers
        )
        report.imported.append(prepared.document["label"])
        report.words += prepared.words

    # participants
    def import_participants(self, csv_path: Path | str) -> int:
        """Participants and their attributes from a CSV whose first column (or `label`) is the label."""
        path = Path(csv_path)
        text = read_text_file(path)
        rows = _participant_rows(text, path)
        return participants.upsert_with_attributes(self.conn, self.coder, rows, path.name)

    def participants(self) -> list[Participant]:
        return participants.all_participants(self.conn)

    def speakers(self):
        from .speakers import all_speakers

        return all_speakers(self.conn)

    def rename_speaker(self, old: str, new: str, document: str | None = None) -> int:
        from .speakers import rename_speaker

        return rename_speaker(self.conn, self.coder, old, new, document)

    # documents
    def documents(self) -> list[DocumentSummary]:
        return documents.summaries(self.conn)

    def document(self, label: str) -> Document:
        return documents.load(self.conn, label)

    def sentence_spans(self, document: Document) -> list[tuple[int, int]]:
        return documents.sentence_spans(self.conn, document.id)

    # search
    def search(self, query: str, *, exact: bool = False, limit: int = 50) -> list[SearchHit]:
        return search_module.search(self.conn, query, self.language, exact=exact, limit=limit,
                                    trained=self.trained_pipeline)

    def count_hits(self, query: str, *, exact: bool = False) -> int:
        return search_module.count(self.conn, query, self.language, exact=exact, trained=self.trained_pipeline)

    # codebook
    def codebook(self) -> list[codebook_service.CodeInfo]:
        return codebook_service.tree(self.conn)

    def import_codebook(self, path: Path | str) -> codebook_service.MergeReport:
        _, nodes = read_codebook(Path(path))
        return codebook_service.merge_codebook(self.conn, self.coder, nodes, Path(path).name)

    def export_codebook(self, path: Path | str) -> int:
        tree = self.codebook()
        write_codebook(Path(path), self.path.stem, codebook_service.as_nodes(tree))
        return len(codebook_service.flatten(tree))

    def code_id(self, path: str) -> int:
        return codebook_edit.resolve(self.conn, path).id

    def add_code(self, path: str, description: str = "", colour: str = "") -> str:
        return codebook_edit.path_of(self.conn, codebook_edit.add_code(self.conn, self.coder, path, description, colour).id)

    def describe_code(self, path: str, description: str | None = None, colour: str | None = None) -> None:
        codebook_edit.describe_code(self.conn, self.coder, path, description, colour)

    def rename_code(self, path: str, new_name: str) -> str:
        return codebook_edit.rename_code(self.conn, self.coder, path, new_name)

    def move_code(self, path: str, new_parent: str | None) -> str:
        return codebook_edit.move_code(self.conn, self.coder, path, new_parent)

    def merge_codes(self, source: str, target: str) -> int:
        return codebook_edit.merge_codes(self.conn, self.coder, source, target)

    def split_code(self, path: str, new_name: str, unit_ids: list[int]) -> str:
        return codebook_edit.split_code(self.conn, self.coder, path, new_name, unit_ids)

    def units_under_code(self, path: str) -> int:
        return codebook_edit.units_under(self.conn, codebook_edit.resolve(self.conn, path).id)

    def delete_code(self, path: str, force: bool = False) -> int:
        return codebook_edit.delete_code(self.conn, self.coder, path, force)

    # export
    def export_chapter(self, path: Path | str, options=None, fmt: str | None = None) -> Path:
        """The results chapter as .docx or .md (format from the suffix unless given)."""
        from .export.chapter import ChapterOptions, build_chapter

        path = Path(path)
        fmt = fmt or path.suffix.lower().lstrip(".")
        chapter = build_chapter(self, options or ChapterOptions())
        if not path.parent.exists():
            raise QualcodeError(f"folder {path.parent} does not exist")
        if fmt == "docx":
            from .export.docx_chapter import write_docx

            write_docx(chapter, path)
        elif fmt in ("md", "markdown"):
            from .export.markdown import write_markdown

            write_markdown(chapter, path)
        else:
            raise QualcodeError(f"export as .docx or .md, not {path.suffix or fmt!r}")
        os.chmod(path, 0o600)  # quotes from interviews are as sensitive as the project
        return path

    # history
    def history(self, limit: int | None = None) -> list[changes.LoggedChange]:
        return changes.history(self.conn, limit)

    def undo(self) -> str:
        return changes.undo(self.conn, self.coder)

    def redo(self) -> str:
        return changes.redo(self.conn, self.coder)


def _participant_rows(text: str, path: Path) -> list[dict[str, str]]:
    rows_in = csv_rows(text)
    if not rows_in:
        raise QualcodeError(f"{path}: empty participants file")
    header = [h.strip() for h in rows_in[0]]
    if not header or not header[0]:
        raise QualcodeError(f"{path}: the first row must name the columns (label, then attributes)")
    label_column = next((i for i, h in enumerate(header) if h.lower() in ("label", "participant", "id")), 0)
    rows = []
    for number, values in enumerate(rows_in[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise QualcodeError(f"{path}: line {number} has {len(values)} fields, the header has {len(header)}")
        label = values[label_column].strip()
        if not label:
            raise QualcodeError(f"{path}: line {number} has no participant label")
        row = {"label": label}
        row.update({h: v.strip() for i, (h, v) in enumerate(zip(header, values)) if i != label_column and h})
        rows.append(row)
    if not rows:
        raise QualcodeError(f"{path}: no participants below the header")
    return rows
