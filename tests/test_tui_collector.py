"""While the app runs, what it held at start is left out of garbage collection and young objects are
collected less often (a full collection over a big project's lists held the screen 50-150 ms); both as
before once it has ended."""

from __future__ import annotations

import gc

from qualcode.tui.app import make_app
from qualcode.tui.collector import YOUNG_COLLECTION_EVERY


async def test_the_collector_is_quiet_while_the_app_runs_and_as_before_after(project, transcript):
    project.documents.import_files([transcript])
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    app = make_app(project.path, "tester")
    async with app.run_test(size=(100, 30)):
        await app.settled()
        assert gc.get_threshold()[0] == max(before[0], YOUNG_COLLECTION_EVERY)
        assert gc.get_freeze_count() > frozen  # the modules and the first screen: walked no more
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen
