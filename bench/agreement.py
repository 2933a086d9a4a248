"""Agreement benchmark: two coders over 200 transcripts.

    python bench/agreement.py            # 200 transcripts of 8,000 words, 10,000 codings per coder
    python bench/agreement.py --files 20 # quick

One project, two coders (kari and ole) with 10,000 codings each over 40 subgroups: ole codes most of
kari's units the same, some longer, some under another code, and some of his own. Timed (best of 3):
`project.team.agreement` at character level (target: under 2 s for 200 transcripts), at sentence
level, and the disagreement worklist. The last line is one JSON object.
"""

from __future__ import annotations

import _venv  # noqa: F401  (first: re-runs this script with the project's .venv Python)

# isort: split

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synthetic import write_corpus  # noqa: E402

from qualcode.project import Project  # noqa: E402

GROUPS, SUBGROUPS = 8, 5
TARGET_S = 2.0


def build(folder: Path, files: int, words: int, codings: int) -> tuple[Path, float]:
    started = time.perf_counter()
    corpus = write_corpus(HERE / "out" / f"corpus-{files}x{words}", files, words)
    path = folder / "agreement-bench.qualcode"
    with Project.create(path, language="nb", coder="bench") as project:
        report = project.documents.import_files(corpus)
        assert not report.failed, report.failed
        labels = [d.label for d in project.documents.list()]
        spans = {label: project.units.proposed_boundaries(label) for label in labels}
        codes = []
        for g in range(GROUPS):
            for s in range(SUBGROUPS):
                path_of_code = f"Tema {g + 1}/Undergruppe {s + 1}"
                project.codebook.add(path_of_code)
                codes.append(path_of_code)
    code_ids: dict[str, int] = {}
    rng = random.Random(17)
    with Project(path, coder="kari") as kari, Project(path, coder="ole") as ole:
        code_ids = {c: kari.codebook.code_id(c) for c in codes}

        def mark(coder: Project, label: str, start: int, end: int, code: str) -> None:
            unit = coder.units.create(label, start, end)
            coder.units.code_by_id(unit, code_ids[code])

        for n in range(codings):
            label = labels[n % len(labels)]
            sentences = spans[label]
            i = rng.randrange(len(sentences) - 2)
            start, end = sentences[i][0], sentences[i + rng.randrange(2)][1]
            code = rng.choice(codes)
            mark(kari, label, start, end, code)
            roll = rng.random()
            if roll < 0.7:
                mark(ole, label, start, end, code)
            elif roll < 0.8:
                mark(ole, label, start, sentences[i + 2][1], code)
            elif roll < 0.9:
                mark(ole, label, start, end, rng.choice(codes))
            else:
                j = rng.randrange(len(sentences))
                mark(ole, label, sentences[j][0], sentences[j][1], code)
    return path, time.perf_counter() - started


def best_of(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--codings", type=int, default=10_000, help="per coder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path, build_s = build(Path(folder), args.files, args.words, args.codings)
        with Project(path) as project:
            report = project.team.agreement(["kari", "ole"])
            characters = report.double_coded.characters
            character_s = best_of(3, lambda: project.team.agreement(["kari", "ole"]))
            sentence_s = best_of(3, lambda: project.team.agreement(["kari", "ole"], unit="sentence"))
            worklist_s = best_of(3, lambda: project.team.disagreements(["kari", "ole"]))
            places = len(project.team.disagreements(["kari", "ole"]).disagreements)
        print(f"{args.files} transcripts ({characters:,} characters), {args.codings:,} codings per coder,"
              f" built in {build_s:.1f} s")
        print(f"agreement by character: {character_s:.3f} s (target {TARGET_S} s); pooled kappa"
              f" {report.pooled.kappa.text()}, alpha {report.pooled.alpha.text()}")
        print(f"agreement by sentence: {sentence_s:.3f} s; disagreement worklist: {worklist_s:.3f} s ({places} places)")
        print(json.dumps({
            "transcripts": args.files, "characters": characters, "codings_per_coder": args.codings,
            "agreement_character_s": round(character_s, 3), "agreement_sentence_s": round(sentence_s, 3),
            "disagreements_s": round(worklist_s, 3), "build_s": round(build_s, 1),
            "target_agreement_character_s": TARGET_S, "within_target": character_s < TARGET_S,
        }))


if __name__ == "__main__":
    main()
