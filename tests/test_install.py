"""The install is reproducible: every dependency pyproject.toml names is pinned in constraints.txt.

A dependency added without `make lock` fails here, before a fresh machine installs whatever is newest.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def pins() -> dict[str, Version]:
    found: dict[str, Version] = {}
    for number, line in enumerate((ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep and version.strip(), f"constraints.txt line {number} is not an exact pin: {line!r}"
        key = canonicalize_name(name.strip())
        assert key not in found, f"constraints.txt pins {name} twice"
        found[key] = Version(version.strip())
    return found


def named_dependencies() -> list[tuple[str, str]]:
    """(where, requirement) for the build backend, the runtime dependencies and every optional extra."""
    project = PYPROJECT["project"]
    named = [("build-system", req) for req in PYPROJECT["build-system"]["requires"]]
    named += [("dependencies", req) for req in project["dependencies"]]
    for extra, reqs in project.get("optional-dependencies", {}).items():
        named += [(f"optional-dependencies.{extra}", req) for req in reqs]
    return named


def test_pyproject_names_the_test_lint_and_type_tools() -> None:
    test_extra = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["project"]["optional-dependencies"]["test"]}
    assert {"pytest", "pytest-xdist", "ruff", "mypy", "types-pyyaml"} <= test_extra


@pytest.mark.parametrize(("where", "requirement"), named_dependencies())
def test_every_named_dependency_is_pinned_within_its_range(where: str, requirement: str) -> None:
    req = Requirement(requirement)
    pinned = pins().get(canonicalize_name(req.name))
    assert pinned is not None, f"{req.name} ({where}) has no pin in constraints.txt: run `make lock`"
    assert req.specifier.contains(pinned, prereleases=True), (
        f"constraints.txt pins {req.name}=={pinned}, outside {where}'s {req.specifier}: run `make lock`")


def test_the_pins_are_exact_and_distinct() -> None:
    assert len(pins()) > len(named_dependencies())  # the transitive dependencies are pinned too
