"""Vote → WebSocket message: 1,000 listeners on one show, on two gunicorn servers.

Run: .venv/bin/python bench/ws_fanout.py [listeners] [votes]   (PostgreSQL + Redis, see
bench/harness.py). Two servers (two gunicorn masters, one gevent worker each, no proxy)
share the listeners half and half; half of the listeners are signed-in fans who have
votes of their own (their rows differ from the anonymous ones). While a background load
of votes runs (other fans, BACKGROUND_RATE votes/s), `votes` measured votes are POSTed
one after another; for each, the time until every listener receives the row with the
new count is taken from the POST's send and from its HTTP answer.
Goal: the signed-in listeners' p95 within 1.25 × the anonymous listeners' p95.

One worker per server: two workers on two cores, and 2 × 30 database connections within
PostgreSQL's default max_connections of 100 (README's budget: 30 per web worker). With
four workers a crowd arriving at once took more connections than the server has, and
the sockets that got none were closed with 1013, "try again later".
"""

from __future__ import annotations

import asyncio
import re
import sys
import threading
import time
from dataclasses import dataclass, field

import psycopg
import requests
from harness import (
    DATABASE_URL,
    USER_AGENT,
    commit_and_date,
    fresh_database,
    gunicorn,
    percentile,
    setlist_with_fans,
)
from simple_websocket import AioClient

ROW = re.compile(r'id="setlist-song-(\d+)" class="song" data-votes="(\d+)"')
BACKGROUND_RATE = 20  # votes/s from other fans while the measured votes run


def _headers(fan) -> dict:
    return {"Cookie": f"session={fan.cookie}", "X-CSRFToken": fan.csrf, "User-Agent": USER_AGENT}


def give_listeners_votes(listeners: list, songs: list[int]) -> None:
    """Each signed-in listener has voted for one of the songs (rows differ per fan)."""
    rows = [(fan.user_id, songs[n % len(songs)]) for n, fan in enumerate(listeners)]
    with psycopg.connect(DATABASE_URL.replace("+psycopg", "")) as connection:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO votes (user_id, setlist_song_id, created_at) VALUES (%s, %s, now())",
                rows,
            )
            cursor.execute(
                "UPDATE setlist_songs SET votes = (SELECT count(*) FROM votes"
                " WHERE setlist_song_id = setlist_songs.id)"
            )


@dataclass
class BackgroundLoad:
    """What the background voters did: a run where any of their votes failed is void."""

    sent: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def background_votes(
    base: str, fans: list, songs: list[int], stop: threading.Event, load: BackgroundLoad
) -> None:
    """Vote at BACKGROUND_RATE/s (new fan, song pairs) until `stop`, counting into `load`."""
    session, started = requests.Session(), time.perf_counter()
    while not stop.is_set() and load.sent < len(fans) * len(songs):
        fan, song = fans[load.sent // len(songs)], songs[load.sent % len(songs)]
        try:
            session.post(
                f"{base}/setlist-songs/{song}/vote",
                headers={**_headers(fan), "Accept": "application/json"},
                timeout=10,
            ).raise_for_status()
        except requests.RequestException as error:
            load.errors.append(type(error).__name__)
        load.sent += 1
        # On a schedule, whatever the answers' latency: BACKGROUND_RATE/s on average.
        stop.wait(max(0.0, started + load.sent / BACKGROUND_RATE - time.perf_counter()))
    load.seconds = time.perf_counter() - started


async def first_messages(clients: list, signed: list[bool]) -> None:
    """Wait for every listener's first message (all rows). Each signed-in fan's marks the
    song they voted for: check that they are known."""
    initial = await asyncio.gather(*(client.receive(timeout=60) for client in clients))
    known = [('aria-pressed="true"' in message) for message in initial]
    assert known == signed, f"{sum(known)} of {sum(signed)} signed-in listeners recognised"


async def measure(clients: list, votes: list, signed: list[bool], base: str):
    """Per listener kind, delays in ms from each vote's send and from its answer."""
    delays = {
        (kind, since): [] for kind in ("signed-in", "anonymous") for since in ("send", "answer")
    }
    loop = asyncio.get_running_loop()
    for song_id, headers in votes:

        async def wait_for(client, wanted=song_id):
            while True:
                message = await client.receive(timeout=30)
                if any(int(song) == wanted for song, _ in ROW.findall(message)):
                    return time.perf_counter()

        waiters = [asyncio.create_task(wait_for(client)) for client in clients]
        sent = time.perf_counter()
        answer = await loop.run_in_executor(
            None,
            lambda s=song_id, h=headers: requests.post(
                f"{base}/setlist-songs/{s}/vote", headers=h, timeout=10
            ),
        )
        answered = time.perf_counter()
        answer.raise_for_status()
        for is_signed, moment in zip(signed, await asyncio.gather(*waiters), strict=True):
            kind = "signed-in" if is_signed else "anonymous"
            delays[kind, "send"].append((moment - sent) * 1000)
            delays[kind, "answer"].append((moment - answered) * 1000)
    return delays


class FromAddress(AioClient):
    """A WebSocket client from a loopback address of its own: each listener is a fan on
    a device of their own, and the server caps sockets per address."""

    async def _connect(self) -> None:
        self.rsock, self.wsock = await asyncio.open_connection(
            self.host, self.port, local_addr=(self.source, 0)
        )
        await super(AioClient, self).connect()


async def listen_from(n: int, url: str, headers: dict | None) -> FromAddress:
    client = FromAddress(url, headers=headers)
    client.source = f"127.0.{1 + n // 200}.{2 + n % 200}"
    await client._connect()
    return client


async def connect(urls: list[str], fans: list, count: int):
    """`count` listeners, alternating servers; every other one a signed-in fan."""
    clients, signed = [], []
    for start in range(0, count, 100):  # in waves, as a crowd arrives
        batch = range(start, min(count, start + 100))
        clients += await asyncio.gather(
            *(
                listen_from(n, urls[n % 2][1], _headers(fans[n]) if is_signed(n) else None)
                for n in batch
            )
        )
        signed += [is_signed(n) for n in batch]
    return clients, signed


def is_signed(n: int) -> bool:
    """Listener n is on server n % 2, and signed in for n % 4 in (0, 1): half on each."""
    return n % 4 < 2


def main(listeners: int, rounds: int) -> None:
    fresh_database()
    show_id, songs, fans = setlist_with_fans(songs=rounds + 10, fans=listeners + 200)
    listening_fans, voter, background_fans = (
        fans[:listeners],
        fans[listeners],
        fans[listeners + 1 :],
    )
    signed_fans = [fan for n, fan in enumerate(listening_fans) if is_signed(n)]
    give_listeners_votes(signed_fans, songs[rounds:])
    with gunicorn(workers=1) as one, gunicorn(workers=1) as two:
        urls = [
            (base, base.replace("http://", "ws://") + f"/ws/shows/{show_id}") for base in (one, two)
        ]
        stop, load, settled = threading.Event(), BackgroundLoad(), []
        background = threading.Thread(
            target=background_votes, args=(two, background_fans, songs[rounds:], stop, load)
        )

        async def run():
            clients, signed = await connect(urls, listening_fans, listeners)
            # The crowd has arrived: 500 first messages (every row) per server are sent
            # before the background votes start.
            arrived = time.perf_counter()
            await first_messages(clients, signed)
            settled.append(time.perf_counter() - arrived)
            background.start()
            try:
                votes = [
                    (song, {**_headers(voter), "Accept": "application/json"})
                    for song in songs[:rounds]
                ]
                return await measure(clients, votes, signed, one), signed
            finally:
                stop.set()
                await asyncio.gather(
                    *(client.close() for client in clients), return_exceptions=True
                )

        delays, signed = asyncio.run(run())
        background.join()
    if load.errors:
        raise SystemExit(f"background votes failed ({load.errors[:5]}): not a result")
    per_server = [sum(1 for n in range(listeners) if n % 2 == server) for server in (0, 1)]
    print(f"ws_fanout: {commit_and_date()}")
    print(
        f"  {listeners} listeners ({sum(signed)} signed-in with votes of their own, "
        f"{listeners - sum(signed)} anonymous) on 2 gunicorn servers x 1 gevent worker: "
        f"{per_server[0]} + {per_server[1]}; {rounds} votes measured while other fans vote "
        f"{BACKGROUND_RATE}/s"
    )
    print(f"  every listener's first message (all rows) in {settled[0]:.1f} s after connecting")
    print(
        f"  background load: {load.sent} votes in {load.seconds:.0f} s "
        f"({load.sent / load.seconds:.1f}/s), every one answered 2xx"
    )
    for (kind, since), values in delays.items():
        print(
            f"  {kind:9} from the vote's {since:6}: p50 {percentile(values, 0.5):5.0f} ms, "
            f"p95 {percentile(values, 0.95):5.0f} ms, max {max(values):5.0f} ms"
        )
    ratio = percentile(delays["signed-in", "send"], 0.95) / percentile(
        delays["anonymous", "send"], 0.95
    )
    print(f"  signed-in p95 ÷ anonymous p95 (from send): {ratio:.2f} (goal <= 1.25)")


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:3]]
    main(*(arguments + [1000, 100][len(arguments) :]))
