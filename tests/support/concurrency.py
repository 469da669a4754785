"""Run test actions at the same moment, each on its own thread."""

from __future__ import annotations

import threading
from collections.abc import Callable


def at_once(*actions: Callable[[], object]) -> list:
    """Start each action on its own thread, release them together, wait for them all;
    their results in order (an action that raised leaves None)."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        barrier.wait()
        results[index] = action()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
