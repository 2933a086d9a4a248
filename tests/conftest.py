"""Shared fixtures: a fresh project in a temporary folder, and writers for test files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from qualcode.project import Project

os.environ.setdefault("QUALCODE_CODER", "tester")
# simplemma's decoded dictionaries (qualcode/nlp/lemma_dictionary.py): kept apart from the user's own cache
os.environ.setdefault("QUALCODE_CACHE_DIR", tempfile.mkdtemp(prefix="qualcode-test-cache-"))

TRANSCRIPT_NB = """Intervju med K1, Fjordvik kommune

I: Hvordan opplever du samarbeidet med helseforetaket?

K1: Samarbeidet er bedre nå. Kommunen får beskjed tidligere, og kommunene rundt oss merker det også.
Kommunens folk blir tatt på alvor.

I: Og kommunikasjon?

K1: Kommunikasjonen går via e-meldinger. Samarbeidene mellom nivåene har blitt tettere, \
og samarbeidets form er avklart i samarbeidsmøtet hver måned.

I: Hva med helseforetakene?

K1: Helseforetakene er store. «Det tar tid», som de sier på DPS-et.
"""


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "test.qualcode", language="nb", coder="tester") as opened:
        yield opened


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    path = tmp_path / "K1-intervju.txt"
    path.write_text(TRANSCRIPT_NB, encoding="utf-8")
    return path


def table_counts(project: Project) -> dict[str, int]:
    """Row counts of every table: the fingerprint of an unchanged project."""
    names = [r[0] for r in project.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
             if not r[0].startswith("segments_fts_") and r[0] != "sqlite_sequence"]
    return {name: project.conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
