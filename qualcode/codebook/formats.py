"""Codebook files: YAML (nested) and CSV (one row per code, with its path)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml

from ..errors import QualcodeError
from ..ingest.encoding import read_text_file
from ..wording import printable
from .model import CodeNode, check_colour, check_tree, escape_name, split_path
from .plain_yaml import PlainYAMLError, load_plain

CSV_COLUMNS = ("path", "id", "description", "colour")


def read_codebook(path: Path) -> tuple[str, list[CodeNode]]:
    """(codebook name, top-level nodes) from a .yaml/.yml or .csv file, or a one-line error."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise QualcodeError(f"{path.name}: codebooks are .yaml, .csv or .qdc files")
    text = read_text_file(path)
    name, nodes = _from_yaml(text, path) if suffix != ".csv" else (path.stem, _from_csv(text, path))
    check_tree(nodes)
    return name, nodes


def _from_yaml(text: str, path: Path) -> tuple[str, list[CodeNode]]:
    try:
        data = load_plain(text)
    except PlainYAMLError as exc:
        raise QualcodeError(f"{path.name}: refused: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise QualcodeError(f"{path.name}: not valid YAML{where}") from None
    if isinstance(data, list):
        data = {"codes": data}
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list):
        raise QualcodeError(f"{path.name}: expected a mapping with a 'codes' list")
    return str(data.get("name") or path.stem), [_node(item, path) for item in data["codes"]]


def _node(item: Any, path: Path) -> CodeNode:
    if isinstance(item, str):
        return CodeNode(printable(item).strip())
    if not isinstance(item, dict) or "name" not in item:
        raise QualcodeError(f"{path.name}: every code needs a name (found {str(item)[:60]!r})")
    children = item.get("children") or []
    if not isinstance(children, list):
        raise QualcodeError(f"{path.name}: children of {item['name']!r} must be a list")
    return CodeNode(
        name=_text(item["name"], "name", path),
        description=_text(item.get("description"), "description", path),
        colour=check_colour(_text(item.get("colour") or item.get("color"), "colour", path)),
        uid=_text(item.get("id"), "id", path),
        children=[_node(child, path) for child in children],
    )


def _text(value: Any, field: str, path: Path) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise QualcodeError(f"{path.name}: a code's {field} must be text, not {type(value).__name__}")
    return printable(str(value)).strip()


def _from_csv(text: str, path: Path) -> list[CodeNode]:
    from ..ingest.tables import MAX_CELL_CHARS

    csv.field_size_limit(MAX_CELL_CHARS)
    try:
        return _nodes_from_csv(text, path)
    except csv.Error as exc:
        raise QualcodeError(f"{path.name}: not a readable CSV file ({exc})") from None


def _nodes_from_csv(text: str, path: Path) -> list[CodeNode]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "path" not in [f.strip().lower() for f in reader.fieldnames]:
        raise QualcodeError(f"{path.name}: a codebook CSV needs a 'path' column ({', '.join(CSV_COLUMNS)})")
    roots: list[CodeNode] = []
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not row.get("path"):
            continue
        try:
            parts = split_path(row["path"])
        except QualcodeError as exc:
            raise QualcodeError(f"{path.name}: line {number}: {exc}") from None
        siblings = roots
        node: CodeNode | None = None
        for part in parts:
            node = next((n for n in siblings if n.name.lower() == part.lower()), None)
            if node is None:
                node = CodeNode(part)
                siblings.append(node)
            siblings = node.children
        if node is None:
            continue  # an empty path was refused above
        node.description = row.get("description", "") or node.description
        node.colour = check_colour(row.get("colour", "") or row.get("color", "")) or node.colour
        node.uid = row.get("id", "") or node.uid
    return roots


def write_codebook(path: Path, name: str, nodes: list[CodeNode], *, as_suffix: str | None = None) -> None:
    """Write YAML or CSV, chosen by the file's suffix (or as_suffix, for a temporary file's name)."""
    suffix = (as_suffix or path.suffix).lower()
    if suffix in (".yaml", ".yml"):
        data = {"name": name, "codes": [_as_dict(node) for node in nodes]}
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elif suffix == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            for node_path, node in _walk(nodes, ""):
                writer.writerow([node_path, node.uid, node.description, node.colour])
    else:
        raise QualcodeError(f"{path.name}: write codebooks as .yaml, .csv or .qdc")


def _as_dict(node: CodeNode) -> dict[str, Any]:
    data: dict[str, Any] = {"name": node.name, "id": node.uid}
    if node.description:
        data["description"] = node.description
    if node.colour:
        data["colour"] = node.colour
    if node.children:
        data["children"] = [_as_dict(child) for child in node.children]
    return data


def _walk(nodes: list[CodeNode], prefix: str):
    for node in nodes:
        node_path = f"{prefix}/{escape_name(node.name)}" if prefix else escape_name(node.name)
        yield node_path, node
        yield from _walk(node.children, node_path)
