"""POST vote throughput against GET /healthz, 50 connections, gunicorn with 2 gevent workers.

Run: .venv/bin/python bench/votes.py [seconds]   (needs wrk: apt-get install wrk;
PostgreSQL + Redis, see bench/harness.py). Every vote is a new (fan, song) pair,
so each one really inserts a row and bumps a counter.
Goals: vote throughput / healthz throughput >= 0.4; vote p99 < 50 ms.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile

from harness import fresh_database, gunicorn, setlist_with_fans

CONNECTIONS = 50
LUA = """
local votes = {%s}
local n = 0
request = function()
  n = n + 1
  local v = votes[(n %% #votes) + 1]
  return wrk.format("POST", v[1], {["Cookie"] = "session=" .. v[2], ["X-CSRFToken"] = v[3],
    ["Accept"] = "application/json"}, "")
end
"""


def wrk(url: str, seconds: float, script: str | None = None) -> tuple[float, str, str]:
    """Requests per second, p50 and p99 latency as wrk prints them."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{int(seconds)}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"errors during the run:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    return rate, p50, p99


def main(seconds: float) -> None:
    fresh_database()
    _show, song_ids, fans = setlist_with_fans(songs=60, fans=1000)
    rows = ",".join(
        f'{{"/setlist-songs/{song}/vote","{fan.cookie}","{fan.csrf}"}}'
        # Fan-major order: concurrent votes land on different songs, as when a crowd
        # spreads its votes, rather than queueing on one row's lock.
        for fan in fans
        for song in song_ids
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % rows)
    with gunicorn(workers=2) as url:
        wrk(f"{url}/healthz", 2)  # warm-up
        health = wrk(f"{url}/healthz", seconds)
        votes = wrk(url, seconds, script.name)
    print(
        f"votes: {CONNECTIONS} connections (wrk), gunicorn 2 gevent workers, "
        f"PostgreSQL + Redis, {seconds:g}s each"
    )
    print(f"  GET /healthz: {health[0]:8.0f} req/s  p50 {health[1]:>8}  p99 {health[2]:>8}")
    print(f"  POST vote:    {votes[0]:8.0f} req/s  p50 {votes[1]:>8}  p99 {votes[2]:>8}")
    print(f"  ratio vote/healthz: {votes[0] / health[0]:.2f} (goal >= 0.4); vote p99 goal < 50 ms")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0)
