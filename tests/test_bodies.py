"""Request bodies are bounded: a large body answers 413 with a message, unread."""

from pathlib import Path

import pytest
import requests

from .conftest import empty_database
from .factories import make_show
from .support.processes import app_env, gunicorn, worker_pids

# As in production, the CSRF check reads a form before the view: that read meets the limit.
pytestmark = pytest.mark.csrf

LARGE_FORM = {"csrf_token": "x", "name": "n" * 20_000}


def test_a_large_form_answers_413_with_a_message(app, client):
    page = client.post("/logout", data=LARGE_FORM)
    assert page.status_code == 413
    assert page.text.lstrip().startswith("<!doctype") and "at most 8 KB" in page.text
    as_json = client.post("/logout", data=LARGE_FORM, headers={"Accept": "application/json"})
    assert as_json.status_code == 413
    assert as_json.json["error"]["status"] == 413
    assert "at most 8 KB" in as_json.json["error"]["message"]


def test_a_large_json_body_answers_413(app, client):
    answer = client.post(
        "/logout", data='{"a": "' + "x" * 20_000 + '"}', content_type="application/json"
    )
    assert answer.status_code == 413


def test_a_large_song_suggestion_is_refused_before_it_is_read(app, client):
    show = make_show()
    answer = client.post(f"/shows/{show.id}/songs", data={"name": "n" * 50_000})
    assert answer.status_code == 413


def test_gunicorn_sets_its_request_limits_explicitly():
    from gunicorn.config import Config

    config = Config()
    path = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
    settings: dict = {}
    exec(compile(path.read_text(), str(path), "exec"), settings)  # noqa: S102 - our own file
    for name in ("limit_request_line", "limit_request_fields", "limit_request_field_size"):
        assert name in settings, f"gunicorn.conf.py does not set {name}"
        config.set(name, settings[name])
    assert config.limit_request_line <= 4094
    assert config.limit_request_fields <= 100
    assert config.limit_request_field_size <= 8190


def _peak_rss_kb(pid: int) -> int:
    """The process's peak resident set size (VmHWM): growth shows even once freed."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])


def test_a_ten_megabyte_post_answers_413_without_growing_the_worker(
    committed_app, backend, tmp_path
):
    if not backend.is_postgres:
        pytest.skip("the embedded backend cannot be shared by several processes")
    env = app_env(committed_app.config["SECRET_KEY"], tmp_path)
    body = b"csrf_token=x&name=" + b"n" * 10_000_000
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    try:
        with gunicorn(env) as (url, server):
            [worker] = worker_pids(server.pid)
            requests.post(f"{url}/logout", data=b"a=b", headers=headers, timeout=10)  # warm up
            before = _peak_rss_kb(worker)
            answers = [
                requests.post(f"{url}/logout", data=body, headers=headers, timeout=30)
                for _ in range(3)
            ]
            grown = _peak_rss_kb(worker) - before
        assert [answer.status_code for answer in answers] == [413] * 3
        assert "at most 8 KB" in answers[0].text
        assert grown < 5_000, f"the worker grew by {grown} kB"
    finally:
        empty_database(committed_app)
