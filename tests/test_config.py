import os
import subprocess
import sys

import pytest

from theset.config import ConfigError, database_url, load_config
from theset.upstream import build as build_upstream
from theset.web.hosts import trusted_hosts

from .support.processes import ROOT

PRODUCTION = {
    "TICKETMASTER_API_KEY": "tm-key",
    "SPOTIFY_CLIENT_ID": "client",
    "SPOTIFY_CLIENT_SECRET": "secret",
    "SECRET_KEY": "s3cret",
    "THESET_PUBLIC_URL": "https://theset.example",
}


def test_no_settings_is_demo_mode_with_a_kept_generated_secret(tmp_path):
    first = load_config({}, str(tmp_path))
    second = load_config({}, str(tmp_path))
    assert first["DEMO_MODE"] is True
    assert first["THESET_JOBS"] == "inline"
    assert first["REDIS_URL"] is None
    assert len(first["SECRET_KEY"]) == 64
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'theset.sqlite3'}"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "SPOTIFY_CLIENT_ID", "SPOTIFY_CLIENT_SECRET"])
def test_production_refuses_to_start_naming_the_missing_setting(tmp_path, missing):
    environ = {key: value for key, value in PRODUCTION.items() if key != missing}
    with pytest.raises(ConfigError, match=f"^{missing} is not set"):
        load_config(environ, str(tmp_path))


def test_blank_setting_counts_as_missing(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config({**PRODUCTION, "SECRET_KEY": "  "}, str(tmp_path))


def test_production_settings_are_taken_as_given(tmp_path):
    config = load_config(
        {**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/0", "THESET_ADMINS": "a, b,,"},
        str(tmp_path),
    )
    assert config["DEMO_MODE"] is False
    assert config["THESET_JOBS"] == "rq"
    assert config["SECRET_KEY"] == "s3cret"
    assert config["THESET_ADMINS"] == frozenset({"a", "b"})
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert config["TICKETMASTER_BASE_URL"] == "https://app.ticketmaster.com/discovery/v2"
    assert not (tmp_path / "secret_key").exists()


def test_bad_jobs_mode_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="THESET_JOBS"):
        load_config({"THESET_JOBS": "celery"}, str(tmp_path))
    with pytest.raises(ConfigError, match="needs REDIS_URL"):
        load_config({"THESET_JOBS": "rq"}, str(tmp_path))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_use_psycopg_3(raw, expected):
    assert database_url(raw, "/instance") == expected


def test_production_refuses_to_start_without_the_public_url(tmp_path):
    environ = {key: value for key, value in PRODUCTION.items() if key != "THESET_PUBLIC_URL"}
    with pytest.raises(ConfigError, match="^THESET_PUBLIC_URL is not set"):
        load_config(environ, str(tmp_path))


@pytest.mark.parametrize("url", ["theset.example", "ftp://theset.example", "https://x.example/app"])
def test_a_public_url_that_is_not_an_origin_is_refused(tmp_path, url):
    with pytest.raises(ConfigError, match="THESET_PUBLIC_URL"):
        load_config({**PRODUCTION, "THESET_PUBLIC_URL": url}, str(tmp_path))


def test_the_public_url_is_the_only_trusted_host(tmp_path):
    config = load_config({**PRODUCTION, "THESET_PUBLIC_URL": "https://theset.example/"}, "/x")
    assert config["THESET_PUBLIC_URL"] == "https://theset.example"
    assert trusted_hosts(config["THESET_PUBLIC_URL"], demo_mode=False) == ["theset.example"]
    assert config["THESET_PROXY_HOPS"] == 0


def test_demo_mode_defaults_to_127_0_0_1_and_also_trusts_localhost(tmp_path):
    config = load_config({"PORT": "5123"}, str(tmp_path))
    assert config["THESET_PUBLIC_URL"] == "http://127.0.0.1:5123"
    assert trusted_hosts(config["THESET_PUBLIC_URL"], demo_mode=True) == ["127.0.0.1", "localhost"]


def test_proxy_hops_must_be_a_small_whole_number(tmp_path):
    assert (
        load_config({**PRODUCTION, "THESET_PROXY_HOPS": "1"}, str(tmp_path))["THESET_PROXY_HOPS"]
        == 1
    )
    with pytest.raises(ConfigError, match="THESET_PROXY_HOPS"):
        load_config({**PRODUCTION, "THESET_PROXY_HOPS": "-1"}, str(tmp_path))


def test_actual_setlists_are_off_outside_demo_mode_without_a_setlistfm_key(tmp_path):
    off = build_upstream(load_config(PRODUCTION, str(tmp_path)), redis=None)
    on = build_upstream(
        load_config(
            {**PRODUCTION, "SETLISTFM_API_KEY": "k", "SETLISTFM_BASE_URL": "http://fake/rest/1.0/"},
            str(tmp_path),
        ),
        redis=None,
    )
    assert off.setlistfm is None
    assert (on.setlistfm.api_key, on.setlistfm.base_url) == ("k", "http://fake/rest/1.0")
    assert build_upstream(load_config({}, str(tmp_path)), redis=None).setlistfm is not None


def test_the_wsgi_entry_point_freezes_what_start_up_built(tmp_path):
    """gunicorn imports wsgi in each worker: frozen, the app's start-up objects are skipped by
    the collector's full passes (which paused a voting worker 70-120 ms)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "REDIS"))}
    probe = subprocess.run(
        [sys.executable, "-c", "import gc, wsgi; print(gc.get_freeze_count())"],
        cwd=ROOT,
        env={**environ, "THESET_INSTANCE_PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(probe.stdout.split()[-1]) > 50_000
