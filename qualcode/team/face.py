"""project.team: what a team of coders does together (agreement between coders, merging their work)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..stc.context import Context

if TYPE_CHECKING:
    from pathlib import Path

    from ..project import Project
    from .agreement import AgreementReport, Scope
    from .disagreements import Worklist
    from .fork import Fork
    from .merge import ReviewData
    from .report import MergeReport
    from .rounds import Round


class Team:
    def __init__(self, context: Context, project: Project) -> None:
        self._context = context
        self._project = project

    # agreement: thin wrappers around agreement.py, disagreements.py and rounds.py
    def coders(self) -> builtins.list[str]:
        """Everyone who has coded in this project."""
        from ..store import agreement as store

        return store.coders(self._context.conn)

    def agreement(self, coders: Sequence[str], *, code: str | None = None, unit: str = "character",
                  documents: Sequence[str] | None = None, exclude_interviewer: bool = False,
                  exclude_uncoded: bool = False) -> AgreementReport:
        """Percent agreement, Cohen's kappa and Krippendorff's alpha per code, rolled up, and overall."""
        from .agreement import agreement

        return agreement(self._context.conn, self.scope(coders, code=code, unit=unit, documents=documents,
                                                        exclude_interviewer=exclude_interviewer,
                                                        exclude_uncoded=exclude_uncoded))

    def disagreements(self, coders: Sequence[str], *, code: str | None = None, unit: str = "character",
                      documents: Sequence[str] | None = None, exclude_interviewer: bool = False,
                      exclude_uncoded: bool = False) -> Worklist:
        """Where the coders differ, per code and kind, and the code x code confusion table."""
        from .disagreements import disagreements

        return disagreements(self._context.conn, self.scope(coders, code=code, unit=unit, documents=documents,
                                                            exclude_interviewer=exclude_interviewer,
                                                            exclude_uncoded=exclude_uncoded))

    def save_round(self, report: AgreementReport, *, note: str = "") -> int:
        """Keep an agreement round's figures in the project (one audited change); returns its number."""
        from .rounds import save_round

        return save_round(self._context.conn, self._context.coder, report, note=note)

    def rounds(self) -> builtins.list[Round]:
        """The kept agreement rounds, oldest first, each with the codebook changes that followed it."""
        from .rounds import rounds

        return rounds(self._context.conn)

    @staticmethod
    def scope(coders: Sequence[str], *, code: str | None = None, unit: str = "character",
              documents: Sequence[str] | None = None, exclude_interviewer: bool = False,
              exclude_uncoded: bool = False) -> Scope:
        from .agreement import Scope

        return Scope(tuple(coders), code=code, unit=unit, documents=tuple(documents) if documents else None,
                     exclude_interviewer=exclude_interviewer, exclude_uncoded=exclude_uncoded)

    # fork and merge: thin wrappers around fork.py and merge.py
    def fork(self, target: Path | str, *, coder: str | None = None) -> Fork:
        """A copy of this project for one coder, recording this project as its base (fork.py)."""
        from pathlib import Path

        from ..settings import resolve_coder
        from .fork import fork_project

        return fork_project(self._context.conn, self._project.path, Path(target),
                            coder=resolve_coder(coder) if coder else self._context.coder, by=self._context.coder)

    def merge_with(self, other: Path | str, output: Path | str, *, mapping: Path | str | None = None,
                   accept_above: float | None = None, coders: Sequence[str] = (),
                   review: Path | str | None = None) -> MergeReport:
        """Merge another project into a copy of this one, written to output; neither input is written to."""
        from .merge import merge_projects

        return merge_projects(self._project.path, other, output, mapping=mapping, accept_above=accept_above,
                              coders=coders, coder=self._context.coder, review=review)

    def merge_inputs(self) -> dict:
        """For a project a merge made: its inputs, review file and options (empty for any other project)."""
        from .lineage import merge_record

        return merge_record(self._context.conn)

    def merge_review(self) -> ReviewData:
        """Both codebooks of the merge that made this project, and its proposals with their decisions."""
        from ..errors import QualcodeError
        from .merge import coders_of, review_data

        record = self.merge_inputs()
        if not record:
            raise QualcodeError(f"{self._project.path.name} was not made by a merge (qualcode merge A B -o M)")
        return review_data(record["a"], record["b"], mapping=record.get("review"), coders=coders_of(record))
