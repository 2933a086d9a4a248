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
