"""The bundled demo project, built from corpora/ and codebooks/ in the source tree."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import QualcodeError
from .project import Project

DEMO_CODER = "demo"


def source_root() -> Path:
    """The folder holding corpora/ and codebooks/: the checkout this package runs from, or the cwd."""
    for candidate in (Path(__file__).resolve().parent.parent, Path.cwd()):
        if (candidate / "corpora").is_dir() and (candidate / "codebooks").is_dir():
            return candidate
    raise QualcodeError("demo material not found: run qualcode demo from the qualcode source folder")


def build_demo(target_dir: Path, language: str = "nb", fresh: bool = False) -> Path:
    """Build (or reuse) the demo project; built under a temporary name so it is never half there."""
    root = source_root()
    corpus = root / "corpora" / f"demo-{language}"
    if not corpus.is_dir():
        raise QualcodeError(f"no demo corpus for language {language!r} in {root / 'corpora'}")
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / f"demo-{language}.qualcode"
    if path.exists() and not fresh:
        return path
    building = target_dir / f".demo-{language}.building.qualcode"
    _remove(building)
    project = Project.create(building, language=language, coder=DEMO_CODER)
    try:
        transcripts = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
        participants = corpus / "participants.csv"
        report = project.documents.import_files(
            transcripts, participants_csv=participants if participants.exists() else None)
        if report.failed:
            raise QualcodeError(f"demo transcript failed to import: {report.failed[0].path}: {report.failed[0].reason}")
        codebook = root / "codebooks" / f"demo-{language}.yaml"
        if codebook.exists():
            project.codebook.import_file(codebook)
        analysis = corpus / "analysis.yaml"
        if analysis.exists():
            from .stc.scripted import load_analysis

            load_analysis(project, analysis)
    except BaseException:
        project.close()
        _remove(building)
        raise
    project.close()
    _remove(path)
    os.replace(building, path)
    return path


def _remove(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        candidate.unlink(missing_ok=True)
