"""Where a voting gunicorn worker spends its time under load: py-spy's samples per part.

Run: .venv/bin/python bench/vote_profile.py [seconds]   (needs wrk and py-spy:
pip install py-spy; PostgreSQL + Redis, see bench/harness.py). wrk sends htmx votes
(new fan, song pairs) to gunicorn with 2 gevent workers, 50 connections, while py-spy
samples one worker 200 times a second. Each part's share is the samples whose stack holds
it (parts overlap where one calls another), and its milliseconds per vote that share of
the worker's time divided by the worker's votes (half of all: the two share the load).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import votes
from harness import (
    commit_and_date,
    fresh_database,
    gunicorn_process,
    setlist_with_fans,
    wrk,
)
from vote_costs import PARTS

from tests.support.processes import worker_pids

FRAME = re.compile(r"^(?P<function>\S+) \((?P<file>.*?)(?::\d+)?\)$")


def part_samples(raw: Path) -> tuple[int, Counter]:
    """All samples, and per part label the samples whose stack holds the part."""
    total, per_part = 0, Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [FRAME.match(frame) for frame in stack.split(";")]
        total += int(count)
        for label, where, name in PARTS:
            if any(
                f and where in f["file"] and f["function"].split(".")[-1] == name for f in frames
            ):
                per_part[label] += int(count)
    return total, per_part


def main(seconds: int) -> None:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    fresh_database()
    _show, song_ids, fans = setlist_with_fans(songs=60, fans=2000)
    script = votes.vote_script(song_ids, fans)
    raw = Path(tempfile.mkdtemp(prefix="theset-profile-")) / "samples.txt"
    with gunicorn_process(workers=2) as (url, server):
        wrk(f"{url}/healthz", 2)  # warm-up
        spy = subprocess.Popen(
            [
                py_spy,
                "record",
                "-p",
                str(worker_pids(server.pid)[0]),
                "-d",
                str(seconds - 2),
                "-r",
                "200",
                "-f",
                "raw",
                "-o",
                str(raw),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        run = wrk(url, seconds, script, args=(0, "htmx"))
        spy.wait()
    total, per_part = part_samples(raw)
    worker_votes = run["rate"] / 2
    print(f"vote_profile: {commit_and_date()}")
    print(
        f"  htmx votes {run['rate']:.0f}/s over 2 workers; one worker sampled by py-spy: "
        f"{total} samples (200/s while it was busy)"
    )
    for label, _where, _name in PARTS:
        share = per_part[label] / total
        print(f"  {share:6.1%}  {share * 1000 / worker_votes:6.2f} ms/vote  {label}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
