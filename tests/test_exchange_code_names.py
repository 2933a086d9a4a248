"""Code names hold a slash (samarbeid m/ helseforetaket, og/eller): paths escape it, the store keeps it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.codebook.model import join_path, split_path
from qualcode.codebook.service import flatten
from qualcode.errors import QualcodeError
from qualcode.store.db import APPLICATION_ID, open_database

SLASHED = "Samhandling/samarbeid m\\/ helseforetaket"


@pytest.mark.parametrize("name", ["samarbeid m/ helseforetaket", "og/eller", "/", "a\\b", "ende\\", "a\\/b", "x\\\\y"])
def test_a_joined_path_splits_back_into_the_same_names(name):
    path = join_path(["Samhandling", name, "Kode"])
    assert split_path(path) == ["Samhandling", name, "Kode"]


def test_the_escape_reads_as_documented():
    assert split_path(SLASHED) == ["Samhandling", "samarbeid m/ helseforetaket"]
    assert split_path("Tema\\Undertema/Kode") == ["Tema\\Undertema", "Kode"]  # a lone backslash is a backslash
    with pytest.raises(QualcodeError, match="bad code path"):
        split_path("Samhandling//Kode")


def _previous_schema(path: Path) -> sqlite3.Connection:
    """A project file as the release before this one left it, with codes, codings, a condensate, a synthesis."""
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.commit()
    raw.close()
    conn = open_database(path, stop_before="code names may hold a slash")
    conn.executescript("""
        INSERT INTO documents (label, kind, language, source_name, sha256, text, words, imported_at, imported_by)
          VALUES ('K1-intervju', 'interview', 'nb', 'K1-intervju.txt', 'abc', 'K1: Vi blir hørt nå.', 5, 't',
                  'kari');
        INSERT INTO units (document_id, start, end, created_at, created_by) VALUES (1, 4, 20, 't', 'kari');
        INSERT INTO codes (uid, parent_id, name, created_at) VALUES ('c-1', NULL, 'Samhandling', 't');
        INSERT INTO codes (uid, parent_id, name, created_at) VALUES ('c-2', NULL, 'Slettet', 't');
        DELETE FROM codes WHERE id = 2;
        -- one statement: code 3's parent is code 4, written after it
        INSERT INTO codes (uid, parent_id, name, created_at) VALUES ('c-3', 4, 'Blir hørt', 't'),
                                                                    ('c-4', 1, 'Respekt', 't');
        INSERT INTO codings (unit_id, code_id, coder, created_at) VALUES (1, 3, 'kari', 't');
        INSERT INTO codings (unit_id, code_id, coder, created_at) VALUES (1, 4, 'ola', 't');
        INSERT INTO condensates (code_id, text, golden_unit_id, updated_at, updated_by)
          VALUES (4, 'Vi blir hørt.', 1, 't', 'kari');
        INSERT INTO condensate_units (condensate_id, unit_id) VALUES (1, 1);
        INSERT INTO syntheses (code_id, heading, updated_at, updated_by)
          VALUES (4, 'Informantene blir hørt', 't', 'kari');
        INSERT INTO synthesis_quotes (synthesis_id, unit_id, position) VALUES (1, 1, 0);
    """)
    return conn


TABLES = ("codes", "codings", "condensates", "condensate_units", "syntheses", "synthesis_quotes")


def test_the_migration_rebuilds_codes_and_keeps_every_row_that_points_at_them(tmp_path):
    path = tmp_path / "gammel.qualcode"
    conn = _previous_schema(path)
    before = {table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES}
    conn.close()

    conn = open_database(path)  # applies the slash migration
    after = {table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES}
    assert after == before
    assert before["codes"][1][0] == 3 and before["codes"][1][2] == 4  # a child whose parent came later survived
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the deleted code's id is never given out again, and names may now hold a slash
    conn.execute("INSERT INTO codes (uid, parent_id, name, created_at) VALUES ('c-5', 1, 'og/eller', 't')")
    assert conn.execute("SELECT id FROM codes WHERE uid = 'c-5'").fetchone()[0] == 5
    # keys still hold, and sibling names are still unique
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO codings (unit_id, code_id, coder, created_at) VALUES (1, 99, 'kari', 't')")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO codes (uid, parent_id, name, created_at) VALUES ('c-6', 1, 'OG/ELLER', 't')")
    conn.close()


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_cli_codes_renames_and_lists_slashed_names(tmp_path, transcript):
    project = str(tmp_path / "p.qualcode")
    _run("init", project)
    _run("import", project, str(transcript))
    _run("code", project, "--document", "K1-intervju", "--quote", "Kommunens folk blir tatt på alvor",
         "--code", SLASHED, "--create")
    units = json.loads(_run("units", project, "--code", SLASHED, "--json"))
    assert [u["codes"] for u in units] == [[SLASHED]]
    tree = json.loads(_run("codebook", "show", project, "--json"))
    names = [c["name"] for c in flatten_json(tree)]
    assert "samarbeid m/ helseforetaket" in names
    _run("codebook", "rename", project, SLASHED, "og/eller")
    assert json.loads(_run("units", project, "--code", "Samhandling/og\\/eller", "--json"))[0]["codes"] == [
        "Samhandling/og\\/eller"]


def flatten_json(nodes):
    for node in nodes:
        yield node
        yield from flatten_json(node["children"])


def test_yaml_and_csv_codebooks_carry_slashed_names(project, tmp_path):
    project.codebook.add(SLASHED, description="Avtaler, møter")
    project.codebook.add("Samhandling/og\\/eller")
    for suffix in (".yaml", ".csv"):
        path = tmp_path / f"kodebok{suffix}"
        project.codebook.export_file(path)
        from qualcode.project import Project

        with Project.create(tmp_path / f"ny{suffix}.qualcode", coder="tester") as other:
            report = other.codebook.import_file(path)
            assert sorted(report.added) == sorted(["Samhandling", SLASHED, "Samhandling/og\\/eller"])
            assert {c.name for c in flatten(other.codebook.tree())} == {
                "Samhandling", "samarbeid m/ helseforetaket", "og/eller"}
