"""`qualcode open` in a real pseudo-terminal: it leaves when its terminal goes away, it never spins."""

from __future__ import annotations

import signal
import time

import pytest
from pty_session import Session


@pytest.fixture
def demo_project(project, transcript):
    project.documents.import_files([transcript])
    return project.path


def test_a_closed_terminal_ends_the_app(demo_project):
    session = Session(demo_project)
    try:
        session.wait_for("K1-intervju")
        session.hang_up()
        session.process.wait(8)  # TimeoutExpired here is the app spinning on a dead terminal
    finally:
        session.close()


def test_sighup_ends_the_app_without_spinning(demo_project):
    session = Session(demo_project)
    try:
        session.wait_for("K1-intervju")
        session.read(0.5)
        idle_before = session.cpu_seconds()
        time.sleep(1.0)
        idle = session.cpu_seconds() - idle_before
        assert idle < 0.5, f"the app used {idle:.2f} s of CPU in one idle second"
        session.signal(signal.SIGHUP)
        session.hang_up()
        session.process.wait(8)
    finally:
        session.close()
