"""The core never imports Textual; only the TUI does."""

from __future__ import annotations

import subprocess
import sys


def test_core_does_not_import_textual():
    code = (
        "import sys, qualcode.project, qualcode.cli, qualcode.cli.corpus, qualcode.cli.history;"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
