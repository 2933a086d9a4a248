"""The project file: private, WAL, foreign keys, migrations, an append-only audit log."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from qualcode.errors import QualcodeError
from qualcode.project import Project
from qualcode.store.db import open_database
from qualcode.store.schema import LATEST_VERSION, schema_version


def test_new_project_is_private_wal_with_foreign_keys(tmp_path):
    path = tmp_path / "p.qualcode"
    with Project.create(path, language="nb") as project:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert project.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        wal = tmp_path / "p.qualcode-wal"
        assert not wal.exists() or stat.S_IMODE(wal.stat().st_mode) == 0o600


def test_version_1_file_opens_with_this_build_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.qualcode"
    path.touch(mode=0o600)
    db = open_database(path, target_version=1)
    assert schema_version(db) == 1
    db.conn.execute("INSERT INTO settings (key, value) VALUES ('language', 'nb')")
    db.conn.execute(
        "INSERT INTO codes (uid, name, created_at) VALUES ('c-old', 'Samhandling', '2024-01-01')"
    )
    db.conn.close()
    with Project(path) as project:
        assert schema_version(project.db) == LATEST_VERSION > 1
        assert [c.name for c in project.codebook.tree()] == ["Samhandling"]
        # the version-2 table exists and works
        project.conn.execute("SELECT count(*) FROM reading_status").fetchone()


def test_newer_schema_is_refused_with_one_line(tmp_path):
    path = tmp_path / "new.qualcode"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    with pytest.raises(QualcodeError, match="newer qualcode"):
        Project(path)


def test_not_a_project_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.qualcode"
    path.write_text("just some notes, not a database " * 100)
    with pytest.raises(QualcodeError, match="not a qualcode project"):
        Project(path)
    with pytest.raises(QualcodeError, match="no project"):
        Project(tmp_path / "missing.qualcode")


def test_audit_log_is_append_only(project, transcript):
    project.documents.import_files([transcript])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        project.conn.execute("DELETE FROM changes")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        project.conn.execute("UPDATE change_rows SET after = NULL")
    entry = project.history.log()[0]
    assert entry.action == "import" and entry.coder == "tester" and "K1-intervju" in entry.summary
