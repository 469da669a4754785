"""Real processes for the tests that need them: `gunicorn wsgi:app` and `python worker.py`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parents[2]


def app_env(secret_key: str, instance_path, **settings: str) -> dict:
    """The environment of app processes (gunicorn, worker.py) on the test PostgreSQL and
    Redis with jobs on RQ, plus `settings`; none of the developer's API settings."""
    inherited = {
        k: v for k, v in os.environ.items() if not k.startswith(("TICKETMASTER", "SPOTIFY"))
    }
    return {
        **inherited,
        "DATABASE_URL": os.environ["TEST_DATABASE_URL"],
        "REDIS_URL": os.environ["TEST_REDIS_URL"],
        "SECRET_KEY": secret_key,
        "THESET_INSTANCE_PATH": str(instance_path),
        "THESET_JOBS": "rq",
        "THESET_PUBLIC_URL": "http://127.0.0.1",
        **settings,
    }


def worker_env(tmp_path, upstream=None, **extra: str) -> dict:
    """The environment of a `python worker.py` on the test backend (and the fake upstream)."""
    settings = upstream.environment() if upstream else {}
    return app_env("test", tmp_path, **settings, **extra)


def wait_until(condition, what: str, timeout: float = 30.0, every: float = 0.2):
    """Poll `condition` until it returns something true, and return that; fail naming
    `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(every)
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict, workers: int = 1) -> Iterator[tuple[str, subprocess.Popen]]:
    """`gunicorn wsgi:app` with `workers` workers; yields its base URL and process."""
    port = free_port()
    server = subprocess.Popen(
        # Its output is dropped: do not spend time formatting access lines either.
        [sys.executable, "-m", "gunicorn", "wsgi:app", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env={
            **env,
            "PORT": str(port),
            "BIND_HOST": "127.0.0.1",
            "WEB_CONCURRENCY": str(workers),
            "THESET_PUBLIC_URL": f"http://127.0.0.1:{port}",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"

    def serving() -> bool:
        assert server.poll() is None, "gunicorn exited"
        return len(worker_pids(server.pid)) >= workers and _healthy(url)

    try:
        wait_until(serving, "gunicorn to start")
        yield url, server
    finally:
        server.send_signal(signal.SIGQUIT)  # quick shutdown: sockets may still be open
        server.wait(timeout=20)


class _FromAddress(HTTPAdapter):
    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


def visitor(n: int) -> requests.Session:
    """A browser of its own client address (127.0.0.<n+2>), for tests of many visitors
    that the per-address rate limits must not take for one."""
    browser = requests.Session()
    browser.mount("http://", _FromAddress(f"127.0.0.{n + 2}"))
    return browser


def _healthy(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def worker_pids(master: int) -> list[int]:
    """The worker processes a gunicorn master forked."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def peer_ports(pid: int, port: int) -> set[int]:
    """The client ports of the TCP connections process `pid` holds on its local `port`."""
    inodes = set()
    for link in Path(f"/proc/{pid}/fd").iterdir():
        with suppress(FileNotFoundError):  # closed meanwhile
            target = os.readlink(link)
            if target.startswith("socket:["):
                inodes.add(target[len("socket:[") : -1])
    peers = set()
    for line in Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, inode = fields[1], fields[2], fields[9]
        if inode in inodes and int(local.split(":")[1], 16) == port:
            peers.add(int(remote.split(":")[1], 16))
    return peers


@contextmanager
def rq_worker(env: dict) -> Iterator[subprocess.Popen]:
    """`python worker.py` running until the block ends (its work horse dies with it)."""
    worker = subprocess.Popen(
        [sys.executable, "worker.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so a kill reaches the work horse
    )
    try:
        yield worker
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)


def kill_worker(worker: subprocess.Popen) -> None:
    """SIGKILL `python worker.py` as a lost host would: its process group (the worker and
    RQ's scheduler) and every descendant, since RQ puts each work horse in a group of its own."""
    descendants = _descendants(worker.pid)
    os.killpg(worker.pid, signal.SIGKILL)
    for pid in descendants:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    worker.wait()


def _descendants(pid: int) -> list[int]:
    children = [
        int(child)
        for task in Path(f"/proc/{pid}/task").glob("*")
        for child in (task / "children").read_text().split()
    ]
    return children + [grandchild for child in children for grandchild in _descendants(child)]


def run_worker_burst(env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    """`python worker.py --burst` with `env`, its output captured."""
    return subprocess.run(
        [sys.executable, "worker.py", "--burst"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class PrivateRedis:
    """A `redis-server` of the test's own on a free port, to stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self._accepts, "redis-server to start", timeout=10, every=0.05)

    def _accepts(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
