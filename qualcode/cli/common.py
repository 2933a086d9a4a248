"""Options and helpers shared by every command."""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from ..project import Project

PROJECT_ARGUMENT = click.argument("project", type=click.Path(dir_okay=False, path_type=Path))


def coder_option(command: Callable) -> Callable:
    """--coder NAME on every command (else $QUALCODE_CODER, else the login name)."""
    return click.option(
        "--coder", metavar="NAME", default=None, help="Who is working (default: $QUALCODE_CODER or login name)."
    )(command)


def json_option(command: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(command)


def with_project(command: Callable) -> Callable:
    """Open PROJECT (and close it afterwards); the command receives it as `project`."""

    @PROJECT_ARGUMENT
    @coder_option
    @functools.wraps(command)
    def wrapper(project: Path, coder: str | None, **kwargs: Any) -> Any:
        with Project(project, coder) as opened:
            return command(project=opened, **kwargs)

    return wrapper


def echo_lines(lines: Iterable[str], every: int = 2_000) -> None:
    """Lines printed a few thousand at a time: click.echo writes, flushes and checks the terminal on each
    call (a tenth of what `recontext --all` took for 120,000 places)."""
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == every:
            click.echo("\n".join(chunk))
            chunk.clear()
    if chunk:
        click.echo("\n".join(chunk))


def print_json(value: Any) -> None:
    click.echo(json.dumps(_plain(value), ensure_ascii=False, indent=2))


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
