"""project.history.next_undo(): what undo would take back, told before it is taken back."""

from __future__ import annotations

from qualcode.project import Project


def test_next_undo_names_this_coders_newest_change_without_undoing_it(project):
    project.codebook.add("Samhandling/Varsling")
    project.codebook.add("Samhandling/Tillit")
    with Project(project.path, coder="ola") as ola:
        ola.codebook.add("Økonomi/Olas kode")  # in a group of its own: nothing of ours rests on it
    target = project.history.next_undo()
    assert (target.summary, target.coder) == ("add code Samhandling/Tillit", "tester")
    assert project.history.next_undo() == target  # asking changes nothing
    assert project.history.undo(change=target.id) == "add code Samhandling/Tillit"
    assert project.history.next_undo().summary == "add code Samhandling/Varsling"
    project.history.undo()
    assert project.history.next_undo() is None
