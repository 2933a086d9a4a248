"""Run a whole analysis from a YAML script (the demo's finished example uses this)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..codebook.model import join_path
from ..errors import QualcodeError


def load_analysis(project, path: Path) -> dict[str, int]:
    """Themes, code groups, subgroups, coded quotes, condensates, golden nuggets and syntheses."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise QualcodeError(f"{Path(path).name}: cannot read the analysis ({type(exc).__name__})") from None
    counts = {"themes": 0, "code_groups": 0, "subgroups": 0, "units": 0}
    for theme in data.get("themes") or []:
        project.impression.add_theme(theme["title"], note=theme.get("note", ""))
        counts["themes"] += 1
    for group in data.get("code_groups") or []:
        _load_group(project, group, counts)
    return counts


def _load_group(project, group: dict[str, Any], counts: dict[str, int]) -> None:
    """The script names codes by their names: a slash in one is part of it (og/eller), so paths are joined
    with each name escaped, as the commands read them."""
    name = group["name"]
    group_path = join_path([name])
    if name not in {code.name for code in project.codebook.tree()}:
        project.codebook.add(group_path, description=group.get("description", ""), colour=group.get("colour", ""))
    if group.get("introduction") or group.get("heading"):
        project.synthesizing.set(group_path, heading=group.get("heading"), introduction=group.get("introduction"))
    counts["code_groups"] += 1
    for subgroup in group.get("subgroups") or []:
        path = join_path([name, subgroup["name"]])
        unit_ids = []
        for unit in subgroup.get("units") or []:
            code_path = join_path([name, subgroup["name"], unit["code"]]) if unit.get("code") else path
            placed = project.units.code_quote(unit["document"], unit["quote"], code_path, create_codes=True)
            unit_ids.append(placed.unit_id)
        counts["units"] += len(unit_ids)
        golden = unit_ids[int(subgroup.get("golden_nugget", 0))] if unit_ids else None
        project.condensing.set(path, text=subgroup.get("condensate", ""), unit_ids=unit_ids, golden=golden)
        project.synthesizing.set(path, heading=subgroup.get("heading"), analytic_text=subgroup.get("analytic_text"))
        if subgroup.get("recontextualised"):
            project.synthesizing.mark_recontextualised(path)
        counts["subgroups"] += 1
