"""Import benchmark: qualcode's import against a bare one-loop reference and a raw SQLite+FTS5 reference.

    python bench/import.py            # 100 and 1,000 synthetic 8,000-word transcripts
    python bench/import.py --sizes 20 # a quick run

Each measurement runs in its own process so peak memory is its own. The last line is one JSON object.
"""

from __future__ import annotations

import _venv  # noqa: F401  (first: re-runs this script with the project's .venv Python)

# isort: split

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synthetic import write_corpus  # noqa: E402

QUERIES = ["kommune", "samarbeid", "helseforetak", "pasient", "innleggelse", "pårørende", "fastlege",
           "bruker", "ansvarsgruppe", "kommunikasjon", "tid", "god", "sak", "hjelp", "møte",
           "plan", "ny", "stor", "leder", "tjeneste"]


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    workers = os.cpu_count() or 1
    return (own + workers * children) / 1024  # main process plus each worker at its peak (upper bound)


def run_qualcode(folder: Path, out: Path) -> dict:
    from qualcode.project import Project

    paths = sorted(folder.glob("*.txt"))
    started = time.perf_counter()
    with Project.create(out, language="nb", coder="bench") as project:
        report = project.documents.import_files(paths)
    elapsed = time.perf_counter() - started
    assert not report.failed, report.failed[:3]
    with Project(out, coder="bench") as project:
        project.documents.search("kommune")  # warm the page cache and the lemma table once
        timings = []
        for query in QUERIES:
            for _ in range(3):
                t = time.perf_counter()
                project.documents.search(query)
                timings.append((time.perf_counter() - t) * 1000)
        hits_kommune = len(project.documents.search("kommune"))
    return {"seconds": elapsed, "words": report.words, "peak_mb": peak_mb(), "size_mb": out.stat().st_size / 1e6,
            "search_median_ms": statistics.median(timings), "search_p95_ms": sorted(timings)[int(len(timings) * .95)],
            "hits_kommune": hits_kommune}


BARE_SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, label TEXT, text TEXT);
CREATE TABLE segments (id INTEGER PRIMARY KEY, document_id INTEGER, start INTEGER, end INTEGER);
CREATE VIRTUAL TABLE segments_fts USING fts5(surface, lemmas, content='', tokenize="unicode61 remove_diacritics 0");
"""


def _reference_db(out: Path) -> sqlite3.Connection:
    """The references write with the same settings and index as qualcode's store."""
    conn = sqlite3.connect(out, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(BARE_SCHEMA)
    return conn


def _reference_run(folder: Path, out: Path, sentences_of) -> dict:
    """One plain loop over the files, one transaction each; sentences_of(text) yields
    (start, end, surface, lemmas) rows, which is all the two references differ in."""
    conn = _reference_db(out)
    words = 0
    segment_id = 0
    started = time.perf_counter()
    for number, path in enumerate(sorted(folder.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        conn.execute("BEGIN")
        conn.execute("INSERT INTO documents VALUES (?, ?, ?)", (number, path.stem, text))
        for start, end, surface, lemmas in sentences_of(text):
            segment_id += 1
            conn.execute("INSERT INTO segments VALUES (?, ?, ?, ?)", (segment_id, number, start, end))
            conn.execute("INSERT INTO segments_fts (rowid, surface, lemmas) VALUES (?, ?, ?)",
                         (segment_id, surface, lemmas))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return {"seconds": elapsed, "words": words, "peak_mb": peak_mb(), "size_mb": out.stat().st_size / 1e6}


def run_bare(folder: Path, out: Path) -> dict:
    """The same work in one plain loop: read, spaCy tokenizer + sentencizer, simplemma, SQLite + FTS5."""
    import simplemma
    import spacy

    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    cache: dict[str, str] = {}

    def sentences_of(text: str):
        for doc in nlp.pipe(line for line in text.split("\n") if line.strip()):
            for sent in doc.sents:
                lemmas = []
                for token in sent:
                    if token.is_punct or token.is_space:
                        continue
                    lower = token.lower_
                    lemma = cache.get(lower)
                    if lemma is None:
                        lemma = cache[lower] = simplemma.lemmatize(lower, lang="nb")
                    lemmas.append(lemma)
                yield sent.start_char, sent.end_char, sent.text, " ".join(lemmas)

    return _reference_run(folder, out, sentences_of)


def run_raw(folder: Path, out: Path) -> dict:
    """SQLite + FTS5 alone: each line stored and indexed twice (as surface and as lemma stand-in)."""

    def lines_of(text: str):
        for line in text.split("\n"):
            if line.strip():
                yield 0, len(line), line, line.lower()

    return _reference_run(folder, out, lines_of)


RUNNERS = {"qualcode": run_qualcode, "bare": run_bare, "raw": run_raw}


def measure(kind: str, folder: Path) -> dict:
    """Run one measurement in a fresh process and return its figures."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / f"{kind}.qualcode"
        result = subprocess.run([sys.executable, __file__, "--one", kind, str(folder), str(out)],
                                capture_output=True, text=True, check=True)
        return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--words", type=int, default=8000)
    parser.add_argument("--one", nargs=3, metavar=("KIND", "FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, folder, out = args.one
        print(json.dumps(RUNNERS[kind](Path(folder), Path(out))))
        return
    figures: dict[str, float] = {}
    for size in args.sizes:
        folder = HERE / "out" / f"corpus-{size}x{args.words}"
        write_corpus(folder, size, args.words)
        results = {kind: measure(kind, folder) for kind in RUNNERS}
        q, bare, raw = results["qualcode"], results["bare"], results["raw"]
        print(f"{size} files: qualcode {q['seconds']:.1f} s, bare {bare['seconds']:.1f} s, raw {raw['seconds']:.1f} s",
              file=sys.stderr, flush=True)
        figures.update({
            f"import_{size}_s": round(q["seconds"], 2),
            f"words_{size}": q["words"],
            f"words_per_s_{size}": round(q["words"] / q["seconds"]),
            f"peak_memory_{size}_mb": round(q["peak_mb"]),
            f"project_size_{size}_mb": round(q["size_mb"], 1),
            f"bare_{size}_s": round(bare["seconds"], 2),
            f"raw_{size}_s": round(raw["seconds"], 2),
            f"ratio_to_bare_{size}": round(q["seconds"] / bare["seconds"], 2),
            f"ratio_to_raw_{size}": round(q["seconds"] / raw["seconds"], 2),
            f"search_median_{size}_ms": round(q["search_median_ms"], 1),
            f"search_p95_{size}_ms": round(q["search_p95_ms"], 1),
        })
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
