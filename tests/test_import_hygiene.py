"""An import leaves no copy of the transcript in the audit log, and no worker behind when it is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def test_the_audit_log_holds_no_copy_of_an_imported_transcript(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    logged = project.conn.execute("SELECT coalesce(before, '') || coalesce(after, '') FROM change_rows")
    images = [image for (image,) in logged]
    assert not any("Kommunikasjonen går via e-meldinger" in image for image in images)
    assert "Kommunikasjonen går via e-meldinger" in text
    (entry,) = [e for e in project.history.log() if e.action == "import"]
    assert "K1-intervju" in entry.summary and not entry.undoable


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_killing_an_import_leaves_no_worker_alive(tmp_path):
    project = tmp_path / "p.qualcode"
    subprocess.run([sys.executable, "-m", "qualcode", "init", str(project)], check=True, capture_output=True)
    folder = tmp_path / "intervjuer"
    folder.mkdir()
    for number in range(40):
        words = " ".join(f"samarbeidet{number} med kommunen går bedre nå" for _ in range(3000))
        (folder / f"K{number}.txt").write_text(f"I: Fortell.\n\nK{number}: {words}\n", encoding="utf-8")
    importing = subprocess.Popen([sys.executable, "-m", "qualcode", "import", str(project), str(folder)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(importing.pid)
        time.sleep(0.1)
    assert workers, "the import started no worker processes"
    os.kill(importing.pid, signal.SIGKILL)
    importing.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.1)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
             and "Z" not in (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0])]
    assert alive == []


def test_two_imports_of_one_folder_at_once_import_each_file_once(tmp_path):
    project = tmp_path / "p.qualcode"
    subprocess.run([sys.executable, "-m", "qualcode", "init", str(project)], check=True, capture_output=True)
    folder = tmp_path / "intervjuer"
    folder.mkdir()
    for number in range(8):
        (folder / f"K{number}.txt").write_text(f"I: Fortell.\n\nK{number}: " + "Samarbeidet går bedre. " * 300,
                                               encoding="utf-8")
    command = [sys.executable, "-m", "qualcode", "import", str(project), str(folder)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    for _, err in outputs:
        assert "Traceback" not in err, err
    imported = sum(int(out.rsplit("imported ", 1)[1].split()[0]) for out, _ in outputs)
    assert imported == 8
    listed = subprocess.run([sys.executable, "-m", "qualcode", "documents", str(project)], capture_output=True,
                            text=True, check=True)
    assert len(listed.stdout.splitlines()) == 8


def test_a_document_written_meanwhile_by_another_window_is_skipped_not_a_crash(project, transcript):
    from qualcode.errors import AlreadyImported
    from qualcode.ingest.batch import ImportSettings, file_sha256, prepare
    from qualcode.store.documents import insert_document

    prepared = prepare(transcript, ImportSettings("nb"), file_sha256(transcript))
    args = (project.conn, "tester", prepared.document, prepared.turns, prepared.sentences, prepared.speakers)
    insert_document(*args)
    with pytest.raises(AlreadyImported, match="identical to K1-intervju"):
        insert_document(*args)
    assert len(project.documents.list()) == 1
