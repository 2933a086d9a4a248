"""The project file: private, WAL, foreign keys, migrations, an append-only audit log."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from qualcode.errors import QualcodeError
from qualcode.project import Project
from qualcode.store.db import APPLICATION_ID, applied_migrations, open_database
from qualcode.store.schema import MIGRATIONS, statements


def test_new_project_is_private_wal_with_foreign_keys(tmp_path):
    path = tmp_path / "p.qualcode"
    with Project.create(path, language="nb") as project:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert project.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        wal = tmp_path / "p.qualcode-wal"
        assert not wal.exists() or stat.S_IMODE(wal.stat().st_mode) == 0o600


def _legacy_file(path, version: int) -> None:
    """A project as the hand-written migrator left it: schema steps counted in user_version, no mark."""
    conn = sqlite3.connect(path, isolation_level=None)
    for _, sql in MIGRATIONS[:version]:
        for statement in statements(sql):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO settings (key, value) VALUES ('language', 'nb')")
    conn.execute("INSERT INTO codes (uid, name, created_at) VALUES ('c-old', 'Samhandling', '2024-01-01')")
    conn.close()


def test_version_1_file_opens_with_this_build_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.qualcode"
    _legacy_file(path, 1)
    with Project(path) as project:
        assert applied_migrations(project.conn) == [name for name, _ in MIGRATIONS]
        assert project.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert [c.name for c in project.codebook.tree()] == ["Samhandling"]
        # the version-2 table exists and works
        project.conn.execute("SELECT count(*) FROM reading_status").fetchone()


def test_migrations_stop_where_asked_and_resume(tmp_path):
    path = tmp_path / "p.qualcode"
    _legacy_file(path, 1)
    conn = open_database(path, stop_before=MIGRATIONS[1][0])
    assert applied_migrations(conn) == [MIGRATIONS[0][0]]
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'reading_status'").fetchone() is None
    conn.close()
    conn = open_database(path)
    assert applied_migrations(conn) == [name for name, _ in MIGRATIONS]
    conn.close()


def test_newer_schema_is_refused_with_one_line(tmp_path):
    path = tmp_path / "new.qualcode"
    Project.create(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('qualcode', 'from 2030', 'x')")
    conn.close()
    with pytest.raises(QualcodeError, match="newer qualcode"):
        Project(path)
    legacy = tmp_path / "legacy-new.qualcode"
    _legacy_file(legacy, 1)
    conn = sqlite3.connect(legacy)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(QualcodeError, match="newer qualcode"):
        Project(legacy)


@pytest.mark.parametrize("make", ["empty file", "foreign database", "foreign WAL database"])
def test_a_file_that_is_not_a_project_is_refused_and_left_byte_for_byte(tmp_path, make):
    path = tmp_path / "other.db"
    if make == "empty file":
        path.touch(mode=0o644)
    else:
        conn = sqlite3.connect(path, isolation_level=None)
        if make == "foreign WAL database":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('ikke vårt')")
        conn.close()
        path.chmod(0o644)
    before = path.read_bytes()
    with pytest.raises(QualcodeError, match="not a qualcode project") as raised:
        Project(path)
    assert "\n" not in str(raised.value)
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


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


def _immutable(path, on: bool) -> bool:
    """chattr +i: read-only even for root (the tests may run as root, for whom chmod changes nothing)."""
    import shutil
    import subprocess

    if not shutil.which("chattr"):
        return False
    return subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True).returncode == 0


def test_a_read_only_project_can_be_read_and_refuses_writes_in_one_line(tmp_path, transcript):
    from click.testing import CliRunner

    from qualcode.cli import cli

    path = tmp_path / "p.qualcode"
    with Project.create(path) as project:
        project.documents.import_files([transcript])
    if not _immutable(path, True):
        pytest.skip("this file system cannot make a file immutable (chattr +i)")
    try:
        before = path.read_bytes()
        listed = CliRunner().invoke(cli, ["documents", str(path)])
        assert listed.exit_code == 0 and "K1-intervju" in listed.output, listed.output
        added = CliRunner().invoke(cli, ["codebook", "add", str(path), "Samhandling/Varsling"])
        assert added.exit_code == 1 and "cannot be written" in added.output, added.output
        assert "Traceback" not in added.output and path.read_bytes() == before
    finally:
        _immutable(path, False)
