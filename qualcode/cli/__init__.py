"""The command line: `qualcode COMMAND PROJECT [ARGS]`, every step of the method headless."""

from __future__ import annotations

import sqlite3
import sys

import click

from .. import __version__
from ..errors import QualcodeError
from ..failures import one_line
from ..wording import printable_keeping_styles


class QualcodeGroup(click.Group):
    """Turns a user's mistake into one line on stderr and exit code 1, never a traceback."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        sys.stdout = _Printable(sys.stdout)  # names and text from files never steer the terminal
        sys.stderr = _Printable(sys.stderr)
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.UsageError as exc:
            hint = f" (see: {exc.ctx.command_path} --help)" if exc.ctx else ""
            click.echo(f"qualcode: {exc.format_message()}{hint}", err=True)
            sys.exit(1)
        except click.exceptions.Abort:
            click.echo("qualcode: aborted; nothing was changed", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(f"qualcode: {exc.format_message()}", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (QualcodeError, sqlite3.OperationalError, OverflowError) as exc:
            message = one_line(exc)  # the same words the TUI shows
            if message is None:
                raise
            click.echo(f"qualcode: {message}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("qualcode: interrupted; nothing half-written was kept", err=True)
            ctx.exit(130)


class _Printable:
    """A text stream that lets through colour and bold but no other terminal control."""

    def __init__(self, stream) -> None:
        self._stream = stream.__dict__.get("_stream", stream) if isinstance(stream, _Printable) else stream

    def write(self, text: str) -> int:
        return self._stream.write(printable_keeping_styles(text))

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@click.group(cls=QualcodeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qualcode")
def cli() -> None:
    """qualcode: systematic text condensation of interview transcripts, in the terminal.

    \b
    Quick start:
      qualcode demo                      build the demo project and open it
      qualcode init study.qualcode --language nb
      qualcode import study.qualcode transcripts/ --participants deltakere.csv
      qualcode search study.qualcode kommune
      qualcode open study.qualcode
    """


def main() -> None:
    cli(prog_name="qualcode")


# The commands register themselves on `cli` when their modules load; loading them here, where the group
# is defined, means every importer of `cli` (the entry point, a test alone) sees all of them.
from . import (  # noqa: E402, F401
    analysis,
    coding,
    corpus,
    exchange,
    history,
    launch,
    merge,
    method,
    revise,
    sorting,
    status,
    team,
)

if __name__ == "__main__":
    main()
