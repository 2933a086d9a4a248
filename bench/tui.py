"""Transcript view benchmark: page-down through a 50,000-word transcript in the TUI.

    python bench/tui.py

Times each page-down (key press to the screen redrawn, Textual's test driver included) and the
opening of the transcript. The last line is one JSON object.
"""

from __future__ import annotations

import _venv  # noqa: F401  (first: re-runs this script with the project's .venv Python)

# isort: split

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synthetic import write_corpus  # noqa: E402

from qualcode.project import Project  # noqa: E402
from qualcode.tui.app import make_app  # noqa: E402
from qualcode.tui.widgets.transcript import TranscriptView  # noqa: E402

PAGES = 40


async def measure(project: Project, label: str) -> dict[str, float]:
    app = make_app(project.path, project.coder)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        app.document = label
        await pilot.press("2")  # step 2: the transcript, as the home screen's Enter opens it
        await pilot.pause()
        open_ms = (time.perf_counter() - started) * 1000
        view = app.screen.query_one(TranscriptView)
        timings = []
        for _ in range(PAGES):
            t = time.perf_counter()
            await pilot.press("pagedown")
            await pilot.pause()
            timings.append((time.perf_counter() - t) * 1000)
        assert view.scroll_offset.y > 0
        rows = len(view.rows)
    return {"open_ms": round(open_ms, 1), "page_down_ms": round(statistics.median(timings), 1),
            "page_down_max_ms": round(max(timings), 1), "rows": rows}


def main() -> None:
    (path,) = write_corpus(HERE / "out" / "corpus-1x50000", 1, 50_000)
    with tempfile.TemporaryDirectory() as scratch, \
            Project.create(Path(scratch) / "tui.qualcode", language="nb", coder="bench") as project:
        project.documents.import_files([path])
        figures = asyncio.run(measure(project, path.stem))
    figures["words"] = 50_000
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
