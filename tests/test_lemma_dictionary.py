"""simplemma's decoded dictionaries kept in the cache folder: the same lemmas, private, rebuilt when stale."""

from __future__ import annotations

import marshal
import stat
from pathlib import Path

import pytest
import simplemma

from qualcode.nlp import lemma_dictionary
from qualcode.nlp.lemma_dictionary import CachedDictionaryFactory, decoded_dictionary

WORDS = ["kommunene", "samarbeidet", "helseforetakene", "gikk", "sykehusavdelingene", "blåbærsyltetøy",
         "Fjordvik", "DPS-et", "e-meldinger", "øyeblikket", "å"]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(lemma_dictionary.CACHE_VARIABLE, str(folder))
    return folder


def test_the_cache_gives_simplemmas_own_lemmas_and_is_private(cache: Path) -> None:
    lemmatizer = simplemma.Lemmatizer(lemmatization_strategy=simplemma.strategies.DefaultStrategy(
        dictionary_factory=CachedDictionaryFactory()))
    first = [lemmatizer.lemmatize(word, "nb") for word in WORDS]
    [written] = cache.iterdir()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    again = simplemma.Lemmatizer(lemmatization_strategy=simplemma.strategies.DefaultStrategy(
        dictionary_factory=CachedDictionaryFactory()))  # a new factory: read from the file this time
    assert [again.lemmatize(word, "nb") for word in WORDS] == first == [simplemma.lemmatize(w, "nb") for w in WORDS]
    assert [lemma_dictionary.is_known(w, "nb") for w in WORDS] == [simplemma.is_known(w, "nb") for w in WORDS]


def test_a_stale_or_corrupt_cache_is_decoded_again(cache: Path) -> None:
    table = decoded_dictionary("nn")
    [written] = cache.iterdir()
    stamp, _ = marshal.loads(written.read_bytes())
    written.write_bytes(marshal.dumps(((stamp[0], "0.0.1", *stamp[2:]), {b"kommunen": b"feil"})))
    assert decoded_dictionary("nn") == table  # another simplemma's table is not used
    assert marshal.loads(written.read_bytes())[0] == stamp  # and the file was made again
    written.write_bytes(b"\x00 not marshal")
    assert decoded_dictionary("nn") == table


def test_an_unwritable_cache_folder_only_means_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(lemma_dictionary.CACHE_VARIABLE, str(blocked / "cache"))
    assert decoded_dictionary("da")[b"kommunerne"] == b"kommune"


@pytest.mark.parametrize("language", ["nb", "nn", "en", "da", "sv", "de"])
def test_the_direct_look_up_gives_what_simplemmas_chain_gives(cache: Path, language: str) -> None:
    forms = [form for index, form in enumerate(decoded_dictionary(language)) if index % 499 == 0]
    words = [variant for form in map(bytes.decode, forms)
             for variant in (form, form.capitalize(), form.upper(), form + "s", "u" + form, f"{form}-{form}")]
    words += ["12", "½", "٣", "K1", "og/eller", "m/", "DPS-et", "e-meldinger", "«Det", "ﬁne", "e\u0301n"]
    assert [lemma_dictionary.lemmatize(w, language) for w in words] == [simplemma.lemmatize(w, language) for w in words]
