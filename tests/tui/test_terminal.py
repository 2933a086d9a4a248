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


@pytest.fixture
def subgroup_project(project, transcript):
    project.documents.import_files([transcript])
    text = project.documents.get("K1-intervju").text
    start = text.index("Kommunen får")
    project.units.create("K1-intervju", start, text.index("tidligere") + 9, codes=["Samhandling/Varsling"],
                         create_codes=True)
    return project.path


def test_a_condensate_survives_sigkill_mid_sentence(subgroup_project):
    session = Session(subgroup_project)
    try:
        session.wait_for("K1-intervju")
        session.send("3", pause=0.5)
        session.wait_for("Samhandling")
        session.send("\x1b[B", pause=0.3)  # down to the subgroup
        session.send("e", pause=0.5)  # into its condensate (Enter on the tree keeps the keys there)
        session.wait_for("Condensate")
        session.type_slowly("Jeg får beskjed tidligere nå, ")
        session.read(1.5)  # a pause in the typing: the draft is kept
        session.type_slowly("men helse")  # mid-word, with no pause: at most this may be lost
        session.signal(signal.SIGKILL)
        session.process.wait(5)
    finally:
        session.close()
    from qualcode.project import Project

    with Project(subgroup_project, coder="tester") as project:
        (draft,) = project.drafts.list()
        assert draft.text.startswith("Jeg får beskjed tidligere nå, ")
        assert project.condensing.get("Samhandling/Varsling").text == ""
    # the next time the TUI opens the project, the draft goes into its field
    again = Session(subgroup_project)
    try:
        again.wait_for("kept what you typed last time")
    finally:
        again.close()
    with Project(subgroup_project, coder="tester") as project:
        assert project.condensing.get("Samhandling/Varsling").text.startswith("Jeg får beskjed tidligere nå,")
        assert project.drafts.list() == []


def test_a_unit_coded_by_the_cli_shows_in_the_open_transcript(subgroup_project):
    import subprocess

    from pty_session import QUALCODE

    session = Session(subgroup_project, columns=120)
    try:
        session.wait_for("K1-intervju")
        session.send("\r", pause=0.5)  # open the transcript in step 2
        session.wait_for("2 Units 1 ·")
        coded = subprocess.run([str(QUALCODE), "code", str(subgroup_project), "--document", "K1-intervju",
                                "--quote", "Kommunens folk blir tatt på alvor", "--code", "Samhandling/Respekt",
                                "--create"], capture_output=True, text=True, timeout=60)
        assert coded.returncode == 0, coded.stderr
        assert "■" not in session.text()
        began = time.monotonic()
        session.wait_for("2 Units 2 ·", timeout=2.0)
        # the transcript itself: the new code's marker (■: the third code of the codebook) in the unit's gutter
        session.wait_for("■", timeout=max(0.1, 2.0 - (time.monotonic() - began)))
        assert time.monotonic() - began < 2.0
    finally:
        session.close()
