"""Export and coding benchmark.

    python bench/export.py

A synthetic project with 40 subgroups and 400 quotes, each subgroup with heading, analytic text and
condensate, is exported to .docx; then 1,000 codings are made through the domain API, one call each
(each its own transaction with its audit row). Targets: export under 2 s, 1,000 codings under 0.5 s.
The last line is one JSON object.
"""

from __future__ import annotations

import _venv  # noqa: F401  (first: re-runs this script with the project's .venv Python)

# isort: split

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synthetic import write_corpus  # noqa: E402

from qualcode.export.chapter import ChapterOptions  # noqa: E402
from qualcode.project import Project  # noqa: E402

GROUPS, SUBGROUPS, QUOTES_PER_SUBGROUP = 8, 5, 10


def build(folder: Path) -> tuple[Project, list[int], list[str]]:
    corpus = write_corpus(HERE / "out" / "corpus-10x8000", 10, 8000)
    project = Project.create(folder / "export-bench.qualcode", language="nb", coder="bench")
    project.documents.import_files(corpus)
    labels = [d.label for d in project.documents.list()]
    rng = random.Random(5)
    spans = {label: project.units.proposed_boundaries(label) for label in labels}
    unit_ids, subgroup_paths = [], []
    for g in range(GROUPS):
        group = f"Tema {g + 1} om samhandling og overganger"
        project.codebook.add(group)
        project.synthesizing.set(group, introduction="Innledning til temaet, skrevet i tredje person. " * 3)
        for s in range(SUBGROUPS):
            path = f"{group}/Undergruppe {s + 1}"
            ids = []
            for _ in range(QUOTES_PER_SUBGROUP):
                label = rng.choice(labels)
                start, end = rng.choice(spans[label])
                ids.append(project.units.create(label, start, end, codes=[path], create_codes=True))
            project.condensing.set(path, text="Jeg opplever at samarbeidet med kommunen er bedre nå. " * 4,
                                   unit_ids=ids, golden=ids[3])
            project.synthesizing.set(path, heading=f"Funn {g + 1}.{s + 1}: informantene beskrev endring over tid",
                                     analytic_text="De fleste informantene fortalte om ... (analytisk tekst). " * 12)
            unit_ids.extend(ids)
            subgroup_paths.append(path)
    return project, unit_ids, subgroup_paths


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        project, unit_ids, subgroups = build(folder)
        setup_s = time.perf_counter() - started
        exports = []
        for round_number in range(3):
            out = folder / f"kapittel-{round_number}.docx"
            t = time.perf_counter()
            project.chapter.write(out, options=ChapterOptions(number="5", appendix=True))
            exports.append(time.perf_counter() - t)
        markdown_t = time.perf_counter()
        project.chapter.write(folder / "kapittel.md")
        markdown_s = time.perf_counter() - markdown_t
        # 1,000 codings: existing units coded with a second code, one domain call each
        rng = random.Random(9)
        chosen = [unit_ids[i] for i in rng.sample(range(len(unit_ids) - QUOTES_PER_SUBGROUP), 390)]
        project.codebook.add("Tverrgående/Motstemmer")
        second = project.codebook.code_id("Tverrgående/Motstemmer")
        labels = [d.label for d in project.documents.list()]
        spans = [(label, span) for label in labels for span in project.units.proposed_boundaries(label)]
        fresh = rng.sample(spans, 610)
        t = time.perf_counter()
        for unit_id in chosen:
            project.units.code_by_id(unit_id, second)
        for label, (start, end) in fresh:
            project.units.create(label, start, end, codes=["Tverrgående/Motstemmer"])
        codings_s = time.perf_counter() - t
        audit_rows = len(project.history.log())
        figures = {
            "subgroups": len(subgroups),
            "quotes": len(unit_ids),
            "setup_s": round(setup_s, 2),
            "export_docx_s": round(statistics.median(exports), 3),
            "export_docx_max_s": round(max(exports), 3),
            "export_markdown_s": round(markdown_s, 3),
            "codings_1000_s": round(codings_s, 3),
            "coding_mean_ms": round(codings_s / 1000 * 1000, 3),
            "audit_changes": audit_rows,
        }
        project.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
