"""Vote → WebSocket message: 1,000 listeners on one show across 2 gunicorn workers.

Run: .venv/bin/python bench/ws_fanout.py [listeners] [votes]   (PostgreSQL + Redis,
see bench/harness.py). Each vote is POSTed over HTTP; the time until each listener
receives the row with the new count is recorded. Goal: p95 < 250 ms.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time

import requests
from harness import USER_AGENT, fresh_database, gunicorn, percentile, setlist_with_fans
from simple_websocket import AioClient

ROW = re.compile(r'id="setlist-song-(\d+)" class="song" data-votes="(\d+)"')


async def listen(url: str, listeners: int, votes: list[tuple[int, dict]], base: str):
    clients = []
    for start in range(0, listeners, 100):  # connect in waves, as a crowd arrives
        clients += await asyncio.gather(
            *(AioClient.connect(url) for _ in range(start, min(listeners, start + 100)))
        )
    await asyncio.gather(*(client.receive(timeout=30) for client in clients))  # initial state
    delays: list[float] = []
    loop = asyncio.get_running_loop()
    for song_id, headers in votes:

        async def wait_for(client, wanted=song_id):
            while True:
                message = await client.receive(timeout=30)
                if any(int(song) == wanted for song, _ in ROW.findall(message)):
                    return time.perf_counter()

        waiters = [asyncio.create_task(wait_for(client)) for client in clients]
        started = time.perf_counter()
        response = await loop.run_in_executor(
            None,
            lambda s=song_id, h=headers: requests.post(
                f"{base}/setlist-songs/{s}/vote", headers=h, timeout=10
            ),
        )
        response.raise_for_status()
        arrived = await asyncio.gather(*waiters)
        delays += [(moment - started) * 1000 for moment in arrived]
    await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)
    return delays


def main(listeners: int, rounds: int) -> None:
    fresh_database()
    show_id, song_ids, fans = setlist_with_fans(songs=rounds, fans=1)
    fan = fans[0]
    headers = {
        "Cookie": f"session={fan.cookie}",
        "X-CSRFToken": fan.csrf,
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
    }
    with gunicorn(workers=2) as base:
        url = base.replace("http://", "ws://") + f"/ws/shows/{show_id}"
        delays = asyncio.run(listen(url, listeners, [(song, headers) for song in song_ids], base))
    print(
        f"ws_fanout: {listeners} listeners on 2 gunicorn gevent workers, {rounds} votes, "
        f"{len(delays)} deliveries"
    )
    print(
        f"  vote POST -> message received: p50 {percentile(delays, 0.5):.0f} ms, "
        f"p95 {percentile(delays, 0.95):.0f} ms, max {max(delays):.0f} ms (goal p95 < 250 ms)"
    )


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:3]]
    main(*(arguments + [1000, 10][len(arguments) :]))
