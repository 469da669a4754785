"""Operator commands other than `demo load` (tests/test_demo_load.py)."""


def test_import_artist_imports_shows_and_catalog(upstream_app):
    result = upstream_app.test_cli_runner().invoke(args=["theset", "import-artist", "K8vZ91mDDPm"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Zoé Marchetti: 5 shows, ")


def test_import_artist_with_an_unknown_id_fails_with_one_line(runner):
    result = runner.invoke(args=["theset", "import-artist", "K8vZ9nope00"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: Ticketmaster knows no attraction 'K8vZ9nope00'"


def test_import_artist_with_upstream_down_fails_cleanly(upstream_app, upstream):
    upstream.fail("ticketmaster", 503)
    result = upstream_app.test_cli_runner().invoke(args=["theset", "import-artist", "K8vZ91mDDPm"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: upstream unavailable")
