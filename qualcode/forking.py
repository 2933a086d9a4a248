"""Whether this process may fork a worker now: the one rule the import's workers and the word count's helper
share."""

from __future__ import annotations

import multiprocessing
import threading


def can_fork() -> bool:
    """Only while no other thread runs (a forked child can inherit a lock another thread held), and where the
    system forks at all. A fork shares what is loaded (spaCy's pipeline, simplemma's dictionary)."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
