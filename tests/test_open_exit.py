"""`qualcode open` ends with the app's own return code: a crash or a lost terminal is not a success."""

from __future__ import annotations

from click.testing import CliRunner

from qualcode.cli import cli


class _App:
    def __init__(self, project, return_code):
        self.project, self.return_code = project, return_code

    def run(self):
        pass


def test_open_passes_on_a_crashed_apps_return_code(project, monkeypatch):
    import qualcode.tui.app as tui_app
    from qualcode.project import Project

    for code, expected in ((1, 1), (0, 0), (None, 0)):
        monkeypatch.setattr(tui_app, "make_app",
                            lambda path, coder, code=code: _App(Project(path, coder), code))
        result = CliRunner().invoke(cli, ["open", str(project.path)])
        assert result.exit_code == expected, (code, result.output)
