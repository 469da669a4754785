"""gunicorn's access log never carries an OAuth code or state."""

from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from theset.web.access_log import AccessLog


def _logged(monkeypatch, path, query):
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '"%(r)s" %(q)s')
    log = AccessLog(config)
    lines = []
    monkeypatch.setattr(log.access_log, "info", lambda format, atoms: lines.append(format % atoms))
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    log.access(SimpleNamespace(status="303", headers=[], sent=0), [], environ, timedelta(0))
    return lines[0]


def test_the_spotify_callback_is_logged_without_its_query(monkeypatch):
    line = _logged(monkeypatch, "/auth/spotify/callback", "code=SECRETCODE&state=SECRETSTATE")
    assert "SECRET" not in line
    assert "/auth/spotify/callback" in line


def test_other_queries_are_logged(monkeypatch):
    assert "q=zoe" in _logged(monkeypatch, "/search", "q=zoe")
