import pytest

from theset.config import ConfigError, database_url, load_config

PRODUCTION = {
    "TICKETMASTER_API_KEY": "tm-key",
    "SPOTIFY_CLIENT_ID": "client",
    "SPOTIFY_CLIENT_SECRET": "secret",
    "SECRET_KEY": "s3cret",
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
