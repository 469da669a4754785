"""Where an htmx vote's time goes: CPU milliseconds per part, profiled in-process.

Run: .venv/bin/python bench/vote_costs.py [votes]   (PostgreSQL + Redis, see
bench/harness.py). `votes` htmx votes (new fan, song pairs) go through the Flask test
client under cProfile with a CPU-time clock; each part's cumulative time is divided by
the votes. Parts overlap where one calls another (the vote's SQL includes its commit).
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time

from harness import USER_AGENT, app, fresh_database, setlist_with_fans

# (label, module path fragment, function name) of the parts of a vote request.
PARTS = [
    ("whole request (WSGI)", "flask/app.py", "wsgi_app"),
    ("session cookie: open", "flask/sessions.py", "open_session"),
    ("session cookie: save", "flask/sessions.py", "save_session"),
    ("sign-in: load the fan", "flask_login/login_manager.py", "_load_user"),
    ("  of which remembered (Redis GET)", "theset/services/sessions.py", "remembered_user"),
    ("  of which read from the database", "theset/services/sessions.py", "session_user"),
    ("database connection: checkout and pre-ping", "sqlalchemy/pool/base.py", "connect"),
    ("CSRF check", "flask_wtf/csrf.py", "protect"),
    ("rate limit (Redis script)", "limits/strategies.py", "hit"),
    ("vote: SQL and commit", "theset/services/votes.py", "vote"),
    ("  of which the commit", "sqlalchemy/orm/session.py", "commit"),
    ("row template", "flask/templating.py", "render_template"),
    ("publish to Redis", "theset/live/relay.py", "publish"),
    ("compression", "flask_compress/flask_compress.py", "after_request"),
    ("security headers", "theset/web/security.py", "add_security_headers"),
]


def main(votes: int) -> None:
    fresh_database()
    _show, songs, fans = setlist_with_fans(songs=50, fans=votes // 50 + 1)
    flask_app = app()
    client = flask_app.test_client()
    requests = []
    for n in range(votes):
        fan, song = fans[n // len(songs)], songs[n % len(songs)]
        headers = {"X-CSRFToken": fan.csrf, "User-Agent": USER_AGENT, "HX-Request": "true"}
        requests.append((fan.cookie, f"/setlist-songs/{song}/vote", headers))

    def send(cookie: str, path: str, headers: dict) -> None:
        client.set_cookie("session", cookie)
        assert client.post(path, headers=headers).status_code == 200

    send(*requests[0])  # warm-up: compile, connect
    profile = cProfile.Profile(time.process_time)
    started = time.process_time()
    profile.enable()
    for request in requests[1:]:
        send(*request)
    profile.disable()
    per_vote = (time.process_time() - started) * 1000 / (votes - 1)
    stats = pstats.Stats(profile).stats
    print(f"vote_costs: {votes - 1} htmx votes in-process, CPU ms per vote (total {per_vote:.2f})")
    for label, where, name in PARTS:
        cumulative = sum(
            entry[3]
            for (filename, _line, function), entry in stats.items()
            if where in filename and function == name
        )
        print(f"  {cumulative * 1000 / (votes - 1):6.2f}  {label}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
