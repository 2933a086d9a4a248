"""Startup benchmark: how long a command takes as a whole process, start to finish.

    python bench/startup.py            # or: make bench BENCHES=bench/startup.py
    python bench/startup.py --runs 3

Builds the demo project once in a temporary folder (`qualcode demo --no-open`), then times, as whole
processes, the minimum of 5 runs each of `qualcode --help`, `qualcode documents P --json`,
`qualcode codebook show P`, and `qualcode open P` to its first screen: run in a pseudo-terminal of
100x30 (TERM=xterm-256color), timed from start until the first document's label has been drawn, then
killed. Targets: 300 ms for the first three, 1,000 ms for open. Every run has a timeout, so a command
that hangs fails the benchmark instead of stopping it. The lines above the last also give each command's
least CPU time, which a busy machine does not stretch. The last line is one JSON object.
"""

from __future__ import annotations

import _venv  # first: re-runs this script with the project's .venv Python

# isort: split

import argparse
import fcntl
import json
import os
import re
import resource
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path

QUALCODE = str(_venv.VENV / "bin" / "qualcode")
COLUMNS, ROWS = 100, 30
TIMEOUT_S = 60.0  # one run; today's runs take about 3 s
BUILD_TIMEOUT_S = 600.0
TARGETS_MS = {"help_ms": 300, "documents_json_ms": 300, "codebook_show_ms": 300, "open_first_screen_ms": 1000}
# escape sequences (CSI, OSC, two-byte ESC x) that lie between the characters a terminal program draws
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
                     r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\"  # OSC, DCS and kin
                     r"|\x1b[@-Z\\-_]")


class BenchError(Exception):
    """A command failed, printed the wrong thing or did not finish in time."""


def environment() -> dict[str, str]:
    env = dict(os.environ, QUALCODE_CODER="bench", TERM="xterm-256color",
               COLUMNS=str(COLUMNS), LINES=str(ROWS))
    env.pop("NO_COLOR", None)
    return env


def run_command(args: list[str]) -> tuple[float, str]:
    """(milliseconds, stdout) of one whole process; a failure or a timeout is a BenchError."""
    started = time.perf_counter()
    try:
        done = subprocess.run([QUALCODE, *args], capture_output=True, text=True, timeout=TIMEOUT_S,
                              env=environment(), stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise BenchError(f"qualcode {' '.join(args)} did not finish within {TIMEOUT_S:.0f} s") from None
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise BenchError(f"qualcode {' '.join(args)} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return elapsed, done.stdout


def visible_text(raw: bytes) -> str:
    return ESCAPES.sub("", raw.decode("utf-8", errors="replace"))


def open_to_first_screen(project: Path, expected: str) -> float:
    """Milliseconds from starting `qualcode open` in a pty until `expected` is on its screen."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen([QUALCODE, "open", str(project)], stdin=slave, stdout=slave, stderr=slave,
                               env=environment(), start_new_session=True, close_fds=True)
    os.close(slave)
    output = bytearray()
    try:
        deadline = started + TIMEOUT_S
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise BenchError(f"qualcode open showed no {expected!r} within {TIMEOUT_S:.0f} s; "
                                 f"it drew: {visible_text(bytes(output))[-300:]!r}")
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if not ready:
                if process.poll() is not None:
                    raise BenchError(f"qualcode open exited {process.returncode} before its first screen: "
                                     f"{visible_text(bytes(output))[-500:]!r}")
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the program closed the terminal
                chunk = b""
            if not chunk:
                raise BenchError(f"qualcode open closed its terminal before its first screen "
                                 f"(exit {process.poll()}): {visible_text(bytes(output))[-500:]!r}")
            output += chunk
            if expected in visible_text(bytes(output)):
                return (time.perf_counter() - started) * 1000
    finally:
        stop(process)
        os.close(master)


def stop(process: subprocess.Popen[bytes]) -> None:
    """End the program and anything it started: its session's process group, politely first."""
    for sig, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue


def build_project(folder: Path) -> tuple[Path, str]:
    """The demo project, built once; and the label of its first document (what the first screen shows)."""
    try:
        done = subprocess.run([QUALCODE, "demo", "--dir", str(folder), "--no-open"], capture_output=True,
                              text=True, timeout=BUILD_TIMEOUT_S, env=environment(), stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise BenchError(f"qualcode demo did not build the project within {BUILD_TIMEOUT_S:.0f} s") from None
    if done.returncode != 0:
        raise BenchError(f"qualcode demo exited {done.returncode}: {done.stderr.strip()[-500:]}")
    projects = sorted(folder.glob("*.qualcode"))
    if len(projects) != 1:
        raise BenchError(f"qualcode demo left {len(projects)} projects in {folder}, not one")
    _, listing = run_command(["documents", str(projects[0]), "--json"])
    documents = json.loads(listing)
    if not documents:
        raise BenchError("the demo project has no documents")
    return projects[0], documents[0]["label"]


def measure(runs: int, one_run: Callable[[], float]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each run; the CPU time (user + system, of the process and
    its children) tells what the command costs when a busy machine stretches the wall clock."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(one_run())
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return walls, cpus


def checked(args: list[str], check: Callable[[str], bool], what: str) -> Callable[[], float]:
    def one_run() -> float:
        elapsed, stdout = run_command(args)
        if not check(stdout):
            raise BenchError(f"qualcode {' '.join(args)} did not print {what}")
        return elapsed
    return one_run


def is_json_list(text: str) -> bool:
    try:
        return isinstance(json.loads(text), list)
    except ValueError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command; the minimum is reported")
    runs = parser.parse_args().runs
    if runs < 1:
        parser.error("--runs must be 1 or more")
    with tempfile.TemporaryDirectory(prefix="qualcode-startup-") as scratch:
        project, first_label = build_project(Path(scratch))
        commands: dict[str, tuple[str, Callable[[], float]]] = {
            "help_ms": ("qualcode --help", checked(["--help"], lambda out: "Usage" in out, "its usage")),
            "documents_json_ms": ("qualcode documents P --json",
                                  checked(["documents", str(project), "--json"], is_json_list, "a JSON list")),
            "codebook_show_ms": ("qualcode codebook show P",
                                 checked(["codebook", "show", str(project)], lambda out: bool(out.strip()),
                                         "the codebook")),
            "open_first_screen_ms": (f"qualcode open P (to {first_label!r} on screen)",
                                     lambda: open_to_first_screen(project, first_label)),
        }
        figures: dict[str, float] = {}
        print(f"min of {runs} runs each, whole processes, on {os.cpu_count()} cores")
        for key, (label, one_run) in commands.items():
            times, cpu = measure(runs, one_run)
            figures[key] = round(min(times), 1)
            verdict = "under target" if figures[key] < TARGETS_MS[key] else "OVER target"
            print(f"{label:<56} min {min(times):6.0f} ms  median {statistics.median(times):6.0f} ms  "
                  f"cpu {min(cpu):6.0f} ms  target {TARGETS_MS[key]:5d} ms  {verdict}", flush=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        sys.exit(f"bench/startup.py: {error}")
