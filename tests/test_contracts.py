"""The house rules, checked over every module: who may import Textual, who may talk SQL, what the CLI loads."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "qualcode"
HEAVY = ("spacy", "textual", "docx", "lxml", "numpy", "thinc", "sqlite_utils", "charset_normalizer", "regex",
         "rapidfuzz", "yaml")
SQL_TEXT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _tree(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"))


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str, *, top_level_only: bool) -> set[str]:
    """What a module imports: everything, or only what runs when the module itself is imported."""
    tree = _tree(module)
    nodes = ast.walk(tree) if not top_level_only else _top_level(tree)
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return names


def _top_level(tree: ast.Module):
    """Statements that run at import time (not inside functions, not under `if TYPE_CHECKING:`)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        yield node
        pending.extend(ast.iter_child_nodes(node))


def _roots(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.startswith("qualcode.tui")))
def test_textual_is_imported_only_by_the_tui(module):
    assert "textual" not in _roots(_imports(module, top_level_only=False)), f"{module} imports Textual"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.startswith("qualcode.store")))
def test_sql_is_written_only_in_the_store(module):
    tree = _tree(module)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert not SQL_TEXT.match(node.value), f"{module}:{node.lineno} holds SQL: {node.value[:40]!r}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr not in ("execute", "executemany", "executescript"), (
                f"{module}:{node.lineno} runs SQL ({node.func.attr})")
    assert "sqlite_utils" not in _roots(_imports(module, top_level_only=False)), f"{module} uses sqlite-utils"


def _loaded_at_import(start: str) -> set[str]:
    """Every module, ours and others', that importing `start` loads, following our modules' top levels."""
    seen, pending, outside = set(), [start], set()
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        seen.add(module)
        parents = [".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)]
        for name in _imports(module, top_level_only=True) | set(parents):
            if name in MODULES:
                pending.append(name)
            elif not name.startswith("qualcode"):
                outside.add(name.split(".")[0])
    return outside


def test_the_cli_import_path_loads_no_heavy_library():
    loaded = _loaded_at_import("qualcode.cli")
    assert not loaded & set(HEAVY), f"importing qualcode.cli loads {sorted(loaded & set(HEAVY))}"


def test_the_domain_face_never_loads_textual():
    assert "textual" not in _loaded_at_import("qualcode.project")


def test_a_listing_command_runs_without_spacy_or_textual(demo_like_project):
    script = (
        "import sys\n"
        "from qualcode.cli import cli\n"
        "for args in (['documents', sys.argv[1], '--json'], ['codebook', 'show', sys.argv[1]],"
        " ['participants', sys.argv[1], '--json']):\n"
        "    try:\n"
        "        cli.main(args, prog_name='qualcode')\n"
        "    except SystemExit as done:\n"
        "        assert not done.code, done.code\n"
        f"print('LOADED=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(demo_like_project)], capture_output=True, text=True,
                            timeout=60, check=True)
    loaded = result.stdout.strip().splitlines()[-1]
    assert loaded == "LOADED=", loaded
    documents, _ = json.JSONDecoder().raw_decode(result.stdout)
    assert [d["label"] for d in documents] == ["K1-intervju"]
    assert "Samhandling" in result.stdout


@pytest.fixture
def demo_like_project(project, transcript):
    project.documents.import_files([transcript])
    project.codebook.add("Samhandling/Varsling", description="Når kommunen får vite om utskrivning")
    return project.path


def _commands_declared() -> set[str]:
    """Every top-level command the cli/ modules declare with @cli.command(...) or @cli.group(...)."""
    names = set()
    for module in (m for m in MODULES if m.startswith("qualcode.cli.")):
        for node in ast.walk(_tree(module)):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                target = call.func if call else decorator
                if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                        and target.value.id == "cli" and target.attr in ("command", "group")):
                    first = call.args[0] if call and call.args else None
                    given = first.value if isinstance(first, ast.Constant) else None
                    names.add(given or node.name.replace("_", "-").strip("-"))
    return names


def test_every_command_is_there_as_soon_as_the_group_is_imported():
    script = "from qualcode.cli import cli; print(' '.join(sorted(cli.commands)))"
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    declared = _commands_declared()
    assert declared, "found no @cli.command in qualcode/cli/"
    assert declared <= set(shown.stdout.split()), sorted(declared - set(shown.stdout.split()))
