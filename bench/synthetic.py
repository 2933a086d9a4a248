"""Synthetic Norwegian transcripts with a realistic vocabulary, for the benchmarks.

Words are drawn from simplemma's bokmål dictionary (640,000 real inflected forms) with Zipf-like
frequencies, mixed with spaCy's bokmål stop words at the rates function words have in speech, and the
domain words the researchers search for. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from itertools import accumulate
from pathlib import Path

import spacy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

DOMAIN = [
    "kommunen", "kommunene", "kommunens", "samarbeidet", "samarbeidene", "samarbeidsmøte", "helseforetaket",
    "helseforetakene", "pasienten", "pasientene", "utskrivningsklare", "innleggelse", "ansvarsgruppe",
    "kommunikasjon", "DPS-et", "fastlegen", "pårørende", "brukeren",
]
VOCABULARY_SIZE = 60_000


def vocabulary(seed: int = 7) -> tuple[list[str], list[float]]:
    rng = random.Random(seed)
    forms = [w for w in DefaultDictionaryFactory().get_dictionary("nb") if w.isalpha() and w.islower()]
    rng.shuffle(forms)
    content = forms[:VOCABULARY_SIZE]
    stop = sorted(spacy.blank("nb").Defaults.stop_words)
    words = stop + DOMAIN + content
    # Zipf over content words; stop words take about 45% of running text, as in speech
    weights = [0.45 / len(stop)] * len(stop) + [0.004] * len(DOMAIN)
    zipf = [1 / (rank + 10) for rank in range(len(content))]
    scale = (1 - sum(weights)) / sum(zipf)
    weights += [z * scale for z in zipf]
    return words, list(accumulate(weights))


def transcript(rng: random.Random, words: list[str], cumulative: list[float], n_words: int, number: int) -> str:
    lines = [f"Intervju {number}, syntetisk", ""]
    count = 0
    speaker = f"K{number % 40 + 1}"
    turn = 0
    while count < n_words:
        who = "I" if turn % 2 == 0 else speaker
        sentences = []
        for _ in range(1 if who == "I" else rng.randint(1, 6)):
            length = rng.randint(4, 22)
            sentence = rng.choices(words, cum_weights=cumulative, k=length)
            sentence[0] = sentence[0].capitalize()
            sentences.append(" ".join(sentence) + rng.choice([".", ".", ".", "?", "!", " (...)."]))
            count += length
        lines.append(f"{who}: {' '.join(sentences)}")
        lines.append("")
        turn += 1
    return "\n".join(lines)


def write_corpus(folder: Path, n_files: int, n_words: int = 8000, seed: int = 11) -> list[Path]:
    """Write (or reuse) n_files transcripts of about n_words words each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"syntetisk-{i:04d}.txt" for i in range(n_files)]
    if all(p.exists() for p in paths):
        return paths
    words, cumulative = vocabulary()
    rng = random.Random(seed)
    for number, path in enumerate(paths):
        path.write_text(transcript(rng, words, cumulative, n_words, number), encoding="utf-8")
    return paths
