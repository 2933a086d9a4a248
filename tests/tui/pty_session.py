"""`qualcode open` in a pseudo-terminal, as a person's terminal runs it: keys in, screen text out."""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

QUALCODE = Path(sys.executable).with_name("qualcode")
_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]|\x1b[=>78]")


class Session:
    def __init__(self, project: Path, *, columns: int = 100, rows: int = 30, coder: str = "tester",
                 env: dict[str, str] | None = None) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "QUALCODE_CODER": coder, **(env or {})}
        self.process = subprocess.Popen([str(QUALCODE), "open", str(project)], stdin=slave, stdout=slave,
                                        stderr=slave, env=environment, start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = bytearray()
        self.closed = False

    def text(self) -> str:
        return _ESCAPES.sub(b"", bytes(self.output)).decode("utf-8", errors="replace")

    def read(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.1))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output += chunk

    def wait_for(self, wanted: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in self.text():
            if time.monotonic() > deadline:
                raise AssertionError(f"{wanted!r} never showed; the screen ended: {self.text()[-600:]!r}")
            if self.process.poll() is not None:
                raise AssertionError(f"qualcode exited {self.process.returncode}: {self.text()[-600:]!r}")
            self.read(0.1)

    def send(self, keys: str | bytes, *, pause: float = 0.05) -> None:
        data = keys.encode("utf-8") if isinstance(keys, str) else keys
        os.write(self.master, data)
        self.read(pause)

    def type_slowly(self, text: str, *, per_key: float = 0.03) -> None:
        for char in text:
            self.send(char, pause=per_key)

    def hang_up(self) -> None:
        """The window closes: the terminal goes away without a signal."""
        if not self.closed:
            os.close(self.master)
            self.closed = True

    def signal(self, number: int) -> None:
        os.killpg(self.process.pid, number)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        for number, grace in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 5.0)):
            if self.process.poll() is not None:
                break
            try:
                os.killpg(self.process.pid, number)
                self.process.wait(grace)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue
        self.hang_up()
