"""Votes against /healthz and a bare route: saturated throughput, and open-loop capacity.

Run: .venv/bin/python bench/votes.py [seconds]   (needs wrk: apt-get install wrk;
PostgreSQL + Redis, see bench/harness.py; gunicorn with 2 gevent workers).

What each request does:
- GET /favicon.ico: a bare Flask route (a redirect; no database, Redis or session);
- GET /healthz: one `SELECT 1` on PostgreSQL and one Redis PING;
- the htmx vote: POST /setlist-songs/<id>/vote with HX-Request, answered with the song's
  row fragment: what the UI sends;
- the JSON vote: the same POST with Accept: application/json.
Every vote is a new (fan, song) pair, so each one inserts a row, bumps a counter and
publishes the change. Only 2xx answers count: a run with any non-2xx answer, socket
error or timeout is not a result (it stops the script).

Figures:
(a) saturated: wrk, 50 connections back to back, ROUNDS rounds; each vote rate ÷ the
    /healthz rate of the same round (the median round is reported), with p50/p99 from
    that same run. Goal: the htmx vote >= 0.5 × /healthz.
(b) capacity: votes arrive open-loop (Poisson, 50 connections) at rising rates; the
    highest rate whose p99 stays under 50 ms, ÷ saturated /healthz. Goal: >= 0.4. The
    steps start warm (after the saturated runs) on a settled database (see `settle`).
"""

from __future__ import annotations

import statistics
import sys
import tempfile

import open_loop
import psycopg
from harness import (
    CONNECTIONS,
    DATABASE_URL,
    USER_AGENT,
    commit_and_date,
    fresh_database,
    gunicorn,
    setlist_with_fans,
    summary,
    wrk,
)

ROUNDS = 3
P99_GOAL_MS = 50.0
# Vote n is fan n // #songs on song n % #songs: fan-major, so concurrent votes land on
# different songs, as when a crowd spreads its votes. Each wrk thread takes every other
# vote from the offset the run is given, so no vote is sent twice across threads or runs.
LUA = """
local songs = {%s}
local fans = {%s}
local threads = 0
local n, htmx = 0, false
setup = function(thread)
  thread:set("first", threads)
  threads = threads + 1
end
init = function(args)
  n = tonumber(args[1]) + first
  htmx = args[2] == "htmx"
end
request = function()
  local fan = fans[math.floor(n / #songs) %% #fans + 1]
  local song = songs[n %% #songs + 1]
  n = n + 2
  local headers = {["Cookie"] = "session=" .. fan[1], ["X-CSRFToken"] = fan[2],
    ["User-Agent"] = "%s"}
  if htmx then
    headers["HX-Request"] = "true"
    headers["HX-Target"] = "setlist-song-" .. song
  else
    headers["Accept"] = "application/json"
  end
  return wrk.format("POST", "/setlist-songs/" .. song .. "/vote", headers, "")
end
"""


def vote_script(song_ids: list[int], fans: list) -> str:
    """The path of a wrk script sending LUA's votes of `fans` on `song_ids`."""
    signed_in = ",".join(f'{{"{fan.cookie}","{fan.csrf}"}}' for fan in fans)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % (",".join(map(str, song_ids)), signed_in, USER_AGENT))
    return script.name


def vote_request(songs: list[int], fans: list, offset: int):
    """Raw bytes of the open-loop client's vote n (the same ordering as the Lua script)."""

    def build(n: int) -> bytes:
        n += offset
        fan, song = fans[(n // len(songs)) % len(fans)], songs[n % len(songs)]
        return (
            f"POST /setlist-songs/{song}/vote HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Cookie: session={fan.cookie}\r\nX-CSRFToken: {fan.csrf}\r\n"
            f"User-Agent: {USER_AGENT}\r\nHX-Request: true\r\nContent-Length: 0\r\n\r\n"
        ).encode()

    return build


def settle() -> None:
    """Let PostgreSQL finish the upkeep the saturated runs left (autovacuum of ~50,000 new
    votes and counter updates, a checkpoint), so it does not land in the open-loop steps."""
    with psycopg.connect(DATABASE_URL.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        connection.execute("CHECKPOINT")


def stored_votes() -> int:
    with psycopg.connect(DATABASE_URL.replace("+psycopg", "")) as connection:
        return connection.execute("SELECT count(*) FROM votes").fetchone()[0]


def main(seconds: float) -> None:
    fresh_database()
    _show, song_ids, fans = setlist_with_fans(songs=60, fans=4000)
    script = vote_script(song_ids, fans)
    answered = sent = 0
    with gunicorn(workers=2) as url:
        wrk(f"{url}/healthz", 2)  # warm-up
        rounds = []
        for _ in range(ROUNDS):
            runs = {
                "bare": wrk(f"{url}/favicon.ico", seconds),
                "healthz": wrk(f"{url}/healthz", seconds),
            }
            for kind in ("htmx", "json"):
                runs[kind] = wrk(url, seconds, script, args=(sent, kind))
                sent += 2 * runs[kind]["requests"]  # room for one thread running ahead
                answered += runs[kind]["requests"]
            rounds.append(runs)
        healthz = statistics.median(r["healthz"]["rate"] for r in rounds)
        settle()
        steps, capacity = [], 0.0
        fraction = 0.05
        while True:
            rate = fraction * healthz
            result = open_loop.run(url, rate, seconds, vote_request(song_ids, fans, sent))
            sent += int(rate * seconds * 1.5) + 100
            answered += len(result.latencies_ms)
            ok = not result.errors and result.percentile(0.99) < P99_GOAL_MS
            steps.append((rate, result))
            if not ok:
                break
            capacity = rate
            fraction += 0.05
        assert sent < len(fans) * len(song_ids), "votes would repeat: use more fans"
    print(f"votes: {commit_and_date()}")
    print(
        f"  {CONNECTIONS} connections, gunicorn 2 gevent workers, PostgreSQL + Redis on the "
        f"same 2 cores as the load generator; {seconds:g} s per run, {ROUNDS} rounds"
    )
    for kind in ("htmx", "json"):
        ratios = sorted((r[kind]["rate"] / r["healthz"]["rate"], n) for n, r in enumerate(rounds))
        ratio, median = ratios[ROUNDS // 2]
        runs = rounds[median]
        print(f"  (a) {kind} vote ÷ /healthz = {ratio:.2f} (rounds: {_list(ratios)}), that round:")
        for name in ("bare", "healthz", kind):
            print(f"      {name:8} {summary(runs[name])}")
    print(f"  (b) open loop, votes as htmx sends them, p99 goal < {P99_GOAL_MS:g} ms:")
    for rate, result in steps:
        errors = f", {len(result.errors)} errors" if result.errors else ""
        print(
            f"      {rate:6.0f} votes/s: p50 {result.percentile(0.5):6.1f} ms, "
            f"p99 {result.percentile(0.99):7.1f} ms{errors}"
        )
    share = capacity / healthz
    print(f"      capacity {capacity:.0f} votes/s ÷ /healthz {healthz:.0f}/s = {share:.2f}")
    stored = stored_votes()
    print(f"  votes answered 2xx {answered}, stored {stored} (every answered vote is stored)")
    if stored < answered:
        raise SystemExit("votes were lost")


def _list(ratios) -> str:
    return ", ".join(f"{ratio:.2f}" for ratio, _ in sorted(ratios, key=lambda r: r[1]))


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0)
