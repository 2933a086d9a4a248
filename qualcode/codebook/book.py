"""The project's codebook as one sub-API: the tree, its edits, and codebook files in and out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..stc.context import Context
from . import edit, service
from .service import CodeInfo, MergeReport

if TYPE_CHECKING:
    from .suggest import Suggestion


class Codebook:
    def __init__(self, context: Context, project_name: str) -> None:
        self._context = context
        self._project_name = project_name

    @property
    def _conn(self):
        return self._context.conn

    @property
    def _coder(self) -> str:
        return self._context.coder

    def tree(self) -> list[CodeInfo]:
        """Code groups with their subgroups and codes, each with its unit and participant counts."""
        return service.tree(self._conn)

    def code_id(self, path: str) -> int:
        return edit.resolve(self._conn, path).id

    def units_under(self, path: str) -> int:
        """Distinct units coded with the code or anything below it."""
        return edit.units_under(self._conn, edit.resolve(self._conn, path).id)

    def recent(self, *, limit: int = 8) -> list[str]:
        """The codes this coder coded with last, newest first."""
        from ..store.suggestions import recent_code_ids

        return [edit.path_of(self._conn, code_id) for code_id in recent_code_ids(self._conn, self._coder, limit)]

    def suggest(self, query: str, *, limit: int = 30) -> list[Suggestion]:
        """Codes (subgroups and below) for what is being typed, best first; recently used ones first when
        nothing is typed, and ahead of equal matches."""
        from .suggest import rank

        paths = [c.path for c in service.flatten(self.tree()) if c.level >= 1]
        return rank(paths, query, recent=self.recent(), limit=limit)

    def add(self, path: str, *, description: str = "", colour: str = "") -> str:
        return edit.path_of(self._conn, edit.add_code(self._conn, self._coder, path, description, colour).id)

    def describe(self, path: str, *, description: str | None = None, colour: str | None = None) -> None:
        edit.describe_code(self._conn, self._coder, path, description, colour)

    def rename(self, path: str, new_name: str) -> str:
        return edit.rename_code(self._conn, self._coder, path, new_name)

    def move(self, path: str, new_parent: str | None) -> str:
        return edit.move_code(self._conn, self._coder, path, new_parent)

    def merge(self, source: str, target: str) -> int:
        return edit.merge_codes(self._conn, self._coder, source, target)

    def split(self, path: str, new_name: str, unit_ids: list[int]) -> str:
        return edit.split_code(self._conn, self._coder, path, new_name, unit_ids)

    def delete(self, path: str, *, force: bool = False) -> int:
        return edit.delete_code(self._conn, self._coder, path, force)

    def import_file(self, path: Path | str) -> MergeReport:
        """Merge a YAML, CSV or REFI-QDA (.qdc) codebook: same stable id (GUID), else same path, is the same code."""
        if Path(path).suffix.lower() == ".qdc":
            from ..exchange.codebook_import import import_qdc

            return import_qdc(self._conn, self._coder, Path(path))
        from .formats import read_codebook

        _, nodes = read_codebook(Path(path))
        return service.merge_codebook(self._conn, self._coder, nodes, Path(path).name)

    def export_file(self, path: Path | str) -> int:
        """Write the codebook as YAML, CSV or REFI-QDA .qdc (by suffix); returns the number of codes written."""
        from ..private_files import write_private
        from .formats import write_codebook

        path = Path(path)
        if path.suffix.lower() == ".qdc":
            from ..exchange.codebook_export import export_qdc

            return export_qdc(self._conn, path)
        tree = self.tree()
        nodes = service.as_nodes(tree)
        name = self._project_name
        write_private(path, lambda temporary: write_codebook(temporary, name, nodes, as_suffix=path.suffix))
        return len(service.flatten(tree))
