"""An open-loop HTTP load: requests arrive as a Poisson process, whatever the answers.

wrk is closed-loop: a slow answer delays the next request, so the queue it would have
met is never measured (coordinated omission). Here each request has a scheduled time
drawn in advance; its latency runs from that time, so waiting for a free connection
counts. Plain HTTP/1.1 keep-alive over asyncio streams, `connections` at most.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class OpenLoopRun:
    rate: float  # requests offered per second
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # non-2xx statuses, socket errors

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


async def _exchange(reader, writer, request: bytes) -> int:
    """Send one request on a kept-alive connection; the answer's status."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


def run(
    url: str,
    rate: float,
    seconds: float,
    make_request: Callable[[int], bytes],
    connections: int = 50,
    seed: int = 7,
) -> OpenLoopRun:
    """Offer `rate` requests/s for `seconds`; request n is `make_request(n)` (raw bytes)."""
    return asyncio.run(_run(url, rate, seconds, make_request, connections, seed))


async def _run(url, rate, seconds, make_request, connections, seed) -> OpenLoopRun:
    parts = urlsplit(url)
    pool: asyncio.Queue = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(await asyncio.open_connection(parts.hostname, parts.port))
    result = OpenLoopRun(rate)
    chance = random.Random(seed)
    start = time.perf_counter()
    moment, n, tasks = 0.0, 0, []

    async def one(number: int, scheduled: float) -> None:
        reader, writer = await pool.get()
        try:
            status = await _exchange(reader, writer, make_request(number))
        except (OSError, asyncio.IncompleteReadError) as error:
            result.errors.append(type(error).__name__)
            reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        else:
            if 200 <= status < 300:
                result.latencies_ms.append((time.perf_counter() - scheduled) * 1000)
            else:
                result.errors.append(f"HTTP {status}")
        pool.put_nowait((reader, writer))

    while moment < seconds:
        moment += chance.expovariate(rate)
        delay = start + moment - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(n, start + moment)))
        n += 1
    await asyncio.gather(*tasks)
    while not pool.empty():
        _reader, writer = pool.get_nowait()
        writer.close()
    return result
