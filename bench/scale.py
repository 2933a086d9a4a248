"""Scale benchmark: listing, counting, recontext, frequencies, export and the TUI on a big project.

    python bench/scale.py                 # 1,000 synthetic 8,000-word transcripts, 20,000 units
    python bench/scale.py --files 50 --units 1000   # quick
    python bench/scale.py --fresh         # rebuild the project instead of reusing bench/out/scale-*.qualcode

The project is built once (import through project.documents.import_files with its parallel workers, then
units, codings, condensates and syntheses through the domain API, one call each) and kept in bench/out/
for the next run. Every figure is then taken through the real paths: each CLI command as its own process
(wall time, bytes printed, the child's own peak memory), the chapter's Word writer on a quarter and on
all of the quotes (milliseconds per quote, to show it is linear), and the TUI screens in Textual's test
driver, where the figure is the longest the event loop was blocked from opening a screen until it was
filled. Targets: listing and count commands under 2 s, frequencies under 10 s and 300 MB, export docx
under 10 s, no screen blocked for more than 200 ms. The last line is one JSON object.
"""

from __future__ import annotations

import _venv  # noqa: F401  (first: re-runs this script with the project's .venv Python)

# isort: split

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _reference import reference_ms  # noqa: E402

from qualcode.project import Project  # noqa: E402

QUALCODE = Path(sys.executable).with_name("qualcode")
GROUPS, SUBGROUPS, CODES = 8, 5, 2  # code groups, subgroups per group, codes per subgroup
TIMEOUT_S = 600


def codebook_paths() -> tuple[list[str], dict[str, list[str]]]:
    """Subgroup paths, and for each its codes (a unit is coded with a subgroup or one of its codes)."""
    subgroups, codes = [], {}
    for g in range(GROUPS):
        for s in range(SUBGROUPS):
            path = f"Tema {g + 1} om samhandling/Undergruppe {g + 1}.{s + 1}"
            subgroups.append(path)
            codes[path] = [f"{path}/Kode {c + 1}" for c in range(CODES)]
    return subgroups, codes


def build(path: Path, files: int, words: int, units: int) -> None:
    """The project, built through the domain API; written to a temporary name and renamed when whole."""
    from synthetic import write_corpus  # spaCy: loaded only here, so the commands' children start small

    corpus = write_corpus(HERE / "out" / f"corpus-{files}x{words}", files, words)
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    rng = random.Random(17)
    subgroups, codes = codebook_paths()
    started = time.perf_counter()
    with Project.create(partial, language="nb", coder="bench") as project:
        report = project.documents.import_files(corpus)
        assert not report.failed, report.failed[:3]
        imported = time.perf_counter()
        print(f"imported {len(report.imported)} files in {imported - started:.0f} s", file=sys.stderr, flush=True)
        for subgroup in subgroups:
            for code in codes[subgroup]:
                project.codebook.add(code, description="Beskrivelse av koden: når informanten forteller om det.")
        labels = [d.label for d in project.documents.list()]
        per_document = max(1, units // len(labels))
        made: dict[str, list[int]] = {s: [] for s in subgroups}
        for number, label in enumerate(labels):
            spans = project.units.proposed_boundaries(label)
            for start, end in rng.sample(spans, min(per_document, len(spans))):
                subgroup = rng.choice(subgroups)
                path_choice = rng.choice([subgroup, *codes[subgroup]])
                unit_id = project.units.create(label, start, end, codes=[path_choice])
                if rng.random() < 0.25:  # a second code from another group: recontext's "other codes"
                    other = rng.choice(subgroups)
                    if other != subgroup:
                        project.units.code(unit_id, other)
                made[subgroup].append(unit_id)
            if number % 100 == 99:
                print(f"coded {number + 1} documents ({time.perf_counter() - imported:.0f} s)", file=sys.stderr,
                      flush=True)
        for index, subgroup in enumerate(subgroups):
            ids = made[subgroup]
            if not ids:
                continue
            project.condensing.set(subgroup, text="Jeg opplever at samarbeidet med kommunen er bedre nå. " * 3,
                                   unit_ids=ids[:8], golden=ids[0])
            # half the subgroups have chosen quotes; the others quote all their units (the chapter's default)
            project.synthesizing.set(subgroup, heading=f"Funn {index + 1}: informantene beskrev endring over tid",
                                     analytic_text="De fleste informantene fortalte om ... (analytisk tekst). " * 8,
                                     quotes=ids[:10] if index % 2 else None)
        for g in range(GROUPS):
            project.synthesizing.set(f"Tema {g + 1} om samhandling", heading=f"Tema {g + 1}: hva de fortalte",
                                     introduction="Innledning til temaet, skrevet i tredje person. " * 3)
    print(f"built {path.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)


def run_cli(*args: str | Path) -> dict[str, float]:
    """One qualcode command as its own process: wall and CPU seconds (its helpers' included), bytes
    printed, its own peak memory (the kernel's high-water mark of its resident set, VmHWM: wait4's ru_maxrss
    would report this bench's own size, which a child inherits), and the peak of what it and its helpers
    hold together (proportional set size, sampled every 50 ms)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([str(QUALCODE), *map(str, args)], stdout=out, stderr=err)
        timer = threading.Timer(TIMEOUT_S, process.kill)
        timer.start()
        together = [0.0, 0.0]  # the tree's peak Pss, the command's own VmHWM (MB)
        sampler = threading.Thread(target=_sample_tree, args=(process.pid, together), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        timer.cancel()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            err.seek(0)
            sys.exit(f"qualcode {' '.join(map(str, args))} failed ({process.returncode}): {err.read().decode()[-500:]}")
        return {"s": elapsed, "cpu_s": usage.ru_utime + usage.ru_stime, "bytes": out.tell(),
                "peak_mb": together[1], "together_mb": together[0]}


def _sample_tree(pid: int, peak: list[float]) -> None:
    """The largest sum of Pss over the process and its descendants, and the process's own high-water mark,
    until it has gone."""
    while True:
        try:
            own = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                       if line.startswith("VmHWM:"))
            peak[1] = max(peak[1], int(own.split()[1]) / 1024)
        except (OSError, StopIteration):
            pass
        total, alive = 0, False
        for member in _descendants(pid):
            try:
                for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        alive = True
                        break
            except OSError:
                continue
        if not alive:
            return
        peak[0] = max(peak[0], total / 1024)
        time.sleep(0.05)


def _descendants(pid: int) -> list[int]:
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        waiting.extend(int(child) for child in children)
    return found


def biggest_subgroup(path: Path) -> str:
    with Project(path, coder="bench") as project:
        subgroups = [s for g in project.codebook.tree() for s in g.children]
    return max(subgroups, key=lambda s: s.units).path


def measure_cli(path: Path) -> dict[str, float]:
    subgroup = biggest_subgroup(path)
    with tempfile.TemporaryDirectory() as scratch:
        commands = {
            "documents_list": ("documents", path),
            "participants_list": ("participants", path),
            "codebook_show": ("codebook", "show", path),
            "units_list": ("units", path),
            "units_subgroup": ("units", path, "--code", subgroup),
            "condense_show": ("condense", path, subgroup),
            "synthesize_show": ("synthesize", path, subgroup),
            "counts": ("counts", path),
            "recontext": ("recontext", path, subgroup),
            "recontext_all": ("recontext", path, subgroup, "--all"),
            "search": ("search", path, "kommune"),
            "frequencies": ("frequencies", path),
            "frequencies_by_group": ("frequencies", path, "--by", "group"),
            "export_docx": ("export", "docx", path, "-o", Path(scratch) / "kapittel.docx", "--appendix"),
            "export_md": ("export", "markdown", path, "-o", Path(scratch) / "kapittel.md", "--appendix"),
        }
        figures: dict[str, float] = {}
        run_cli("documents", path)  # the page cache warmed once, as a user's second command finds it
        for name, args in commands.items():
            result = run_cli(*args)
            print(f"{name}: {result['s']:.2f} s ({result['cpu_s']:.2f} s CPU), {result['bytes'] / 1e6:.2f} MB printed, "
                  f"{result['peak_mb']:.0f} MB peak ({result['together_mb']:.0f} MB with its helpers)",
                  file=sys.stderr, flush=True)
            figures[f"{name}_s"] = round(result["s"], 2)
            figures[f"{name}_cpu_s"] = round(result["cpu_s"], 2)
            if name.startswith(("frequencies", "export", "recontext", "units_list")):
                figures[f"{name}_peak_mb"] = round(result["peak_mb"])
                figures[f"{name}_together_mb"] = round(result["together_mb"])
            if name.startswith(("recontext", "units_list")):
                figures[f"{name}_printed_mb"] = round(result["bytes"] / 1e6, 2)
    return figures


def measure_docx(path: Path) -> dict[str, float]:
    """The Word writer alone on no quotes, a quarter and all of them: the cost per quote must not grow."""
    from qualcode.export.chapter import ChapterOptions
    from qualcode.export.docx_chapter import write_docx

    with Project(path, coder="bench") as project:
        chapter = project.chapter.build(ChapterOptions(appendix=True))
    subsections = [sub for section in chapter.sections for sub in section.subsections]
    everything = [list(sub.quotes) for sub in subsections]
    total = sum(map(len, everything))

    def timed(fraction: float) -> tuple[int, float]:
        for sub, quotes in zip(subsections, everything, strict=True):
            sub.quotes = quotes[: int(len(quotes) * fraction)]
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            write_docx(chapter, Path(scratch) / "kapittel.docx")
            return sum(len(sub.quotes) for sub in subsections), time.perf_counter() - started

    quarter, quarter_s = timed(0.25)
    _, full_s = timed(1)
    per_quote_quarter = quarter_s / quarter * 1000
    per_quote_full = full_s / total * 1000
    # linear (with the document's fixed cost spread over more quotes): growth at most about 1
    return {"docx_quotes": total, "docx_write_s": round(full_s, 2),
            "docx_ms_per_quote_quarter": round(per_quote_quarter, 3), "docx_ms_per_quote_all": round(per_quote_full, 3),
            "docx_growth": round(per_quote_full / per_quote_quarter, 2)}


async def measure_tui(path: Path) -> dict[str, float]:
    """The app in Textual's test driver: its start, each step (keys 0-4), a subgroup, its synthesis and
    its group's in step 4, and the subgroup's places to look for contradicting data (step 4's l).

    For each, the longest the event loop stood still (a handler running on it) from asking for the
    screen until it was filled (writes and workers done), and how long the filling took in all."""
    from qualcode.tui.app import STEP_MODES, QualcodeApp
    from qualcode.tui.screens.synthesize import PlacesScreen

    subgroup = biggest_subgroup(path)
    steps = {f"step_{number}_screen": (lambda app, mode=mode: app.switch_mode(mode))
             for number, mode in enumerate(STEP_MODES)}
    screens = {**steps,
               "subgroup_screen": lambda app: app.open_subgroup(subgroup),
               "synthesis_screen": lambda app: app.show_synthesis(subgroup),
               "group_synthesis_screen": lambda app: app.show_synthesis(subgroup.split("/")[0]),
               # pushed over step 4 as l pushes it: every place of the biggest subgroup, read and paged
               "places_screen": lambda app: app.push_screen(PlacesScreen(app.project, subgroup))}
    # steps 3 and 4 are screens already shown (loaded with their first code): filled once they show this one
    showing = {"subgroup_screen": subgroup, "synthesis_screen": subgroup,
               "group_synthesis_screen": subgroup.split("/")[0]}
    figures: dict[str, float] = {}
    with Project(path, coder="bench") as project:
        app = QualcodeApp(project)
        lags: list[float] = []
        done = asyncio.Event()
        watcher = asyncio.create_task(_watch_event_loop(lags, done))
        started = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            await app.settled()
            _record(figures, "start_screen", lags, done, watcher, time.perf_counter() - started)
            await watcher
            for name, open_screen in screens.items():
                lags, done = [], asyncio.Event()
                watcher = asyncio.create_task(_watch_event_loop(lags, done))
                await asyncio.sleep(0.02)
                started = time.perf_counter()
                await open_screen(app)
                while True:  # filled: nothing running, and a screen filled by its worker says it is loaded
                    await app.settled()
                    await pilot.pause()
                    code = getattr(app.screen, "code", None)
                    there = name not in showing or (code is not None and code.path == showing[name])
                    if (there and getattr(app.screen, "loaded", True)) or time.perf_counter() - started > TIMEOUT_S:
                        break
                _record(figures, name, lags, done, watcher, time.perf_counter() - started)
                await watcher
    return figures


def _record(figures: dict[str, float], name: str, lags: list[float], done: asyncio.Event, watcher, filled: float):
    done.set()
    blocked = max(lags, default=0.0)
    figures[f"{name}_ms"] = round(blocked * 1000, 1)
    figures[f"{name}_filled_ms"] = round(filled * 1000, 1)
    print(f"{name}: blocked at most {blocked * 1000:.0f} ms, filled after {filled * 1000:.0f} ms",
          file=sys.stderr, flush=True)


async def _watch_event_loop(lags: list[float], done: asyncio.Event) -> None:
    """How long each 5 ms sleep really took: a long one is the loop blocked by a handler."""
    last = time.perf_counter()
    while not done.is_set():
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        lags.append(now - last)
        last = now


def main() -> None:
    # the app keeps its preferences (theme, last transcript) as it runs: here in a folder of the bench's own
    os.environ["QUALCODE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="qualcode-bench-config-")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--fresh", action="store_true", help="rebuild the project even if one is kept")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["cli", "docx", "tui"], help="measure one part only")
    args = parser.parse_args()
    path = HERE / "out" / f"scale-{args.files}x{args.words}-{args.units}.qualcode"
    if args.fresh or not path.exists():
        build(path, args.files, args.words, args.units)
    if args.build_only:
        return
    figures: dict = {}
    if args.only in (None, "cli"):
        figures.update(measure_cli(path))
    if args.only in (None, "docx"):
        figures.update(measure_docx(path))
    if args.only in (None, "tui"):
        figures.update(asyncio.run(measure_tui(path)))
    figures["reference_ms"] = reference_ms()  # this machine's speed now (bench/_reference.py)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
