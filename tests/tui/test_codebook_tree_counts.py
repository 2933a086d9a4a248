"""The codebook trees of steps 2-4 on the demo: a code group's row counts what is coded under it (its
subgroups included), and a group nothing is coded under says so in words, not as "0 units · 0 informants"
(which read as a count gone wrong beside the step bar's 59 units)."""

from __future__ import annotations

import pytest
from rich.style import Style
from tui_helpers import settle

from qualcode.tui.app import make_app
from qualcode.tui.widgets.codebook_tree import CodebookTree

UNUSED = "Samarbeidsavtaler og rutiner"  # a group of the starting codebook the demo analysis leaves empty
USED = "Innleggelse, utskrivning og overganger"  # 18 units in its three subgroups, none on the group itself


def _rows(tree: CodebookTree) -> dict[str, str]:
    """Each shown row's label as drawn (without the open/closed mark), by the code's name."""
    return {node.data.name: tree.render_label(node, Style(), Style()).plain.lstrip("▶▼ ")
            for node in tree._nodes_in_order() if node.data is not None}


@pytest.mark.parametrize("step", ["2", "3", "4"])
async def test_a_group_row_counts_its_subgroups_and_an_empty_one_says_so(demo_copy, step):
    app = make_app(demo_copy, "tester")
    async with app.run_test(size=(200, 40)) as pilot:  # wide: the counts beside every name
        app.document = "K1-intervju"
        await pilot.press(step)
        await settle(app, pilot)
        rows = _rows(app.screen.query_one(CodebookTree))
        assert rows[USED] == f"{USED}  18 units · 9 informants"
        assert rows["Utskrivning og varsling"] == "Utskrivning og varsling  6 units · 5 informants"
        assert rows[UNUSED] == f"{UNUSED}  no units yet"
        assert rows["Personavhengighet"] == "Personavhengighet  no units yet"
        assert not [label for label in rows.values() if "0 units" in label]
    app.project.close()


async def test_a_unit_coded_in_an_empty_groups_subgroup_counts_on_the_group_row(demo_copy):
    app = make_app(demo_copy, "tester")
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.press("3")
        await settle(app, pilot)
        tree = app.screen.query_one(CodebookTree)
        assert _rows(tree)[UNUSED] == f"{UNUSED}  no units yet"

        def code_one(project):
            text = project.documents.get("K1-intervju").text
            start = text.index("Ja, eh, jeg er psykiatrisk sykepleier")  # K1's own words
            return project.units.create("K1-intervju", start, start + 37, codes=[f"{UNUSED}/Personavhengighet"])

        app.write(code_one, what="code a unit")
        await settle(app, pilot)
        rows = _rows(tree)
        assert rows[UNUSED] == f"{UNUSED}  1 unit · 1 informant"
        assert rows["Personavhengighet"] == "Personavhengighet  1 unit · 1 informant"
        assert rows["Rutiner som fungerer"] == "Rutiner som fungerer  no units yet"
    app.project.close()
