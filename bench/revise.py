"""Revision and pseudonymisation benchmark.

    python bench/revise.py [--transcripts 100]

1. An 8,000-word synthetic transcript carrying 200 coded units is replaced by a corrected copy (words fixed
   inside and outside units, a paragraph removed): the whole replace (read, align, carry, rebuild sentences
   and index, one audited change). Target: under 1 s.
2. A project of 100 such transcripts, 50 invented names sown through them, is pseudonymised with a list
   of those 50 terms: the whole apply (every text, the index merged, the log redacted, VACUUM). Target:
   under 20 s.
The last line is one JSON object.
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

from synthetic import transcript, vocabulary  # noqa: E402

from qualcode.project import Project  # noqa: E402
from qualcode.pseudonyms.matching import Replacement  # noqa: E402

NAMES = [f"{first}{last}" for first in ("Bjør", "Sol", "Ring", "Vest", "Nord", "Lund", "Stor", "Hav", "Fjell", "Ås")
         for last in ("heim", "vika", "ås", "dal", "stad")]


def replace_benchmark(folder: Path, rng: random.Random) -> dict[str, float]:
    words, cumulative = vocabulary()
    text = transcript(rng, words, cumulative, 8000, 1)
    source = folder / "K1-intervju.txt"
    source.write_text(text, encoding="utf-8")
    with Project.create(folder / "erstatt.qualcode", language="nb", coder="bench") as project:
        project.documents.import_files([source])
        project.codebook.add("Samhandling/Varsling")
        stored = project.documents.get("K1-intervju").text
        spans = project.documents.sentence_spans(project.documents.get("K1-intervju"))
        for start, end in rng.sample(spans, 200):
            project.units.create("K1-intervju", start, end, codes=["Samhandling/Varsling"])
        paragraphs = stored.split("\n\n")
        del paragraphs[len(paragraphs) // 2]
        corrected = "\n\n".join(paragraphs)
        tokens = corrected.split(" ")
        for index in rng.sample(range(len(tokens)), 60):
            tokens[index] = tokens[index][::-1]  # a transcriber's slip, fixed
        target = folder / "K1-intervju-rettet.txt"
        target.write_text(" ".join(tokens), encoding="utf-8")
        started = time.perf_counter()
        report = project.documents.replace("K1-intervju", target)
        elapsed = time.perf_counter() - started
        print(f"replace: {elapsed:.3f} s, {len(report.changed)} units changed ({len(report.gone)} flagged), "
              f"{report.unchanged} as they were", file=sys.stderr)
        return {"replace_8000_words_200_units_s": round(elapsed, 3)}


def pseudonymise_benchmark(folder: Path, rng: random.Random, count: int) -> dict[str, float]:
    words, cumulative = vocabulary()
    corpus = folder / "korpus"
    corpus.mkdir()
    for number in range(count):
        tokens = transcript(rng, words, cumulative, 8000, number).split(" ")
        for index in rng.sample(range(5, len(tokens)), 40):
            tokens[index] = rng.choice(NAMES)
        (corpus / f"T{number:03d}.txt").write_text(" ".join(tokens), encoding="utf-8")
    path = folder / "pseudo.qualcode"
    with Project.create(path, language="nb", coder="bench") as project:
        started = time.perf_counter()
        project.documents.import_files([corpus])
        print(f"import of {count} transcripts: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        pairs = [Replacement(name, f"[sted {i + 1}]") for i, name in enumerate(NAMES)]
        started = time.perf_counter()
        applied = project.pseudonyms.apply(pairs, key=folder.parent / f"{folder.name}-key.csv")
        elapsed = time.perf_counter() - started
        (folder.parent / f"{folder.name}-key.csv").unlink()
        print(f"pseudonymise: {elapsed:.2f} s, {applied.replaced} hits in {len(applied.documents)} documents",
              file=sys.stderr)
        return {"pseudonymise_transcripts": count, "pseudonymise_terms": len(pairs),
                "pseudonymise_s": round(elapsed, 2), "pseudonymise_hits": applied.replaced}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--transcripts", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "bench"
        folder.mkdir()
        figures = replace_benchmark(folder, rng)
        figures |= pseudonymise_benchmark(folder, rng, args.transcripts)
    figures |= {"replace_target_s": 1.0, "pseudonymise_target_s": 20.0}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
