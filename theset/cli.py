"""Operator commands: `flask --app wsgi theset …`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from .cache import DataUnavailable
from .extensions import db
from .models import ActualSetlist, PlayedSong, Show
from .providers.errors import NotFound, ProviderError
from .redis_client import get_redis
from .services import maintenance
from .services.actual_setlists import ActualsOff, import_actual
from .services.artists import import_artist
from .services.catalog import import_catalog
from .services.shows import ensure_artist_shows_fresh
from .services.users import make_admin
from .services.votes import reconcile_votes
from .upstream import get_upstream

theset = AppGroup("theset", help="TheSet operator commands.")
demo = AppGroup("demo", help="The bundled demo catalog.")
theset.add_command(demo)


def import_fully(tm_id: str, with_catalog: bool = True) -> str:
    """Import an artist with its shows (and catalog); a one-line summary."""
    upstream = get_upstream()
    artist = import_artist(upstream, tm_id)
    ensure_artist_shows_fresh(upstream, artist)
    summary = f"{artist.name}: {len(artist.shows)} shows"
    if with_catalog:
        summary += f", {import_catalog(upstream, artist.id)} songs"
    return summary


@theset.command("import-artist")
@click.argument("tm_id")
def import_artist_command(tm_id: str) -> None:
    """Import a Ticketmaster attraction with its shows and Spotify catalog."""
    try:
        click.echo(import_fully(tm_id))
    except NotFound:
        raise click.ClickException(f"Ticketmaster knows no attraction {tm_id!r}") from None
    except (ProviderError, DataUnavailable) as error:
        raise click.ClickException(f"upstream unavailable: {error}") from None


@theset.command("import-actual")
@click.argument("show_id", type=int)
def import_actual_command(show_id: int) -> None:
    """Look up on setlist.fm, now, the setlist a show actually played, and print it."""
    show = db.session.get(Show, show_id)
    if show is None:
        raise click.ClickException(f"there is no show {show_id}")
    try:
        actual = import_actual(get_upstream().setlistfm, show.id)
    except ActualsOff:
        raise click.ClickException("actual setlists are off: set SETLISTFM_API_KEY") from None
    if actual.last_error:
        raise click.ClickException(f"setlist.fm unavailable: {actual.last_error}")
    click.echo(f"{show.artist.name} at {show.place}, {show.local_date}: {_actual_state(actual)}")
    for song in actual.songs:
        click.echo(_played_line(song))


def _actual_state(actual: ActualSetlist) -> str:
    if actual.status == "found":
        return f"{len(actual.songs)} songs, from {actual.source_url}"
    if actual.status == "waiting":
        return f"nothing on setlist.fm yet; next look at {actual.next_check_at:%Y-%m-%d %H:%M} UTC"
    return "no setlist found on setlist.fm"


def _played_line(song: PlayedSong) -> str:
    """`  3. Name = track 12 (encore 1, tape, cover of X)`"""
    notes = [f"encore {song.encore}"] if song.encore else []
    notes += ["tape"] if song.tape else []
    notes += [f"cover of {song.cover}"] if song.cover else []
    line = f"{song.position:3}. {song.name or '(unidentified song)'}"
    line += "" if song.track_id is None else f" = track {song.track_id}"
    return line + (f" ({', '.join(notes)})" if notes else "")


@theset.command("make-admin")
@click.argument("spotify_id")
def make_admin_command(spotify_id: str) -> None:
    """Make the fan with this Spotify user id an admin."""
    if make_admin(spotify_id) is None:
        raise click.ClickException(
            f"no fan with Spotify id {spotify_id!r} has signed in yet; they must sign in first"
        )
    click.echo(f"{spotify_id} is now an admin.")


@theset.command("refresh-stale")
@click.option("--dry-run", is_flag=True, help="Only list what would be refreshed.")
@click.option("--limit", default=50, show_default=True, help="At most this many artists.")
def refresh_stale_command(dry_run: bool, limit: int) -> None:
    """Refresh artists and shows fans looked at this week that are older than their TTL."""
    with click.progressbar(length=limit, label="Refreshing stale artists") as bar:
        report = maintenance.refresh_stale(
            get_upstream(),
            get_redis(),
            limit=limit,
            dry_run=dry_run,
            progress=lambda done, total: bar.update(1),
        )
    for line in report.planned:
        click.echo(f"  {'would refresh' if dry_run else 'refreshed'} {line}")
    if report.stopped_for_quota:
        raise click.ClickException("stopped: today's Ticketmaster quota share is used up")
    if report.failed:
        raise click.ClickException(f"{report.failed} artists failed to refresh; see the log")
    click.echo(f"{len(report.planned)} stale artists {'found' if dry_run else 'refreshed'}.")


@theset.command("refresh-popularity")
def refresh_popularity_command() -> None:
    """Refresh Spotify popularity where allowed, and our own activity score for all."""
    with click.progressbar(length=1, label="Refreshing popularity") as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(1)

        report = maintenance.refresh_popularity(get_upstream(), progress)
    click.echo(
        f"Popularity: {report.from_spotify} artists from Spotify, "
        f"{report.from_our_signals} from our own signals, {report.failed} failed."
    )


@theset.command("reconcile-votes")
def reconcile_votes_command() -> None:
    """Recompute every song's vote counter from the votes table; print the drift found."""
    drift = reconcile_votes()
    for song_id, was, now in drift:
        click.echo(f"song {song_id}: {was} -> {now}")
    noun = "counter" if len(drift) == 1 else "counters"
    click.echo(f"{len(drift)} {noun} corrected." if drift else "No drift: every counter is right.")


@demo.command("load")
def demo_load() -> None:
    """Import the demo catalog's artists through the normal import services, its past
    shows by their event ids, cast the demo crowd's votes and look up the past shows'
    actual setlists (loading again adds nothing)."""
    from flask import current_app

    from .demo.catalog import demo_past_event_ids
    from .demo.crowd import load_crowd
    from .demo.transport import demo_attraction_ids
    from .services.demo_crowd import cast_crowd_votes
    from .services.demo_past import import_past_shows, look_up_actuals

    if not current_app.config["DEMO_MODE"]:
        raise click.ClickException("demo load only runs in demo mode (TICKETMASTER_API_KEY unset)")
    upstream = get_upstream()
    ids = demo_attraction_ids()
    with click.progressbar(ids, label="Importing demo artists") as bar:
        # Catalogs are left to the first visit of a show, as for any fan-selected artist
        # (the crowd's votes import those of the artists they vote on).
        summaries = [import_fully(tm_id, with_catalog=False) for tm_id in bar]
    for line in summaries:
        click.echo(f"  {line}")
    click.echo(f"Loaded {len(ids)} demo artists.")
    past = import_past_shows(upstream, demo_past_event_ids())
    crowd = load_crowd()
    cast = cast_crowd_votes(upstream, crowd)
    click.echo(
        f"Cast {cast} demo votes by {len(crowd.fans)} crowd fans and {len(crowd.demo_fans)} "
        f"demo fans on {len(crowd.show_keys)} shows."
    )
    statuses = look_up_actuals(upstream.setlistfm, past)
    click.echo(
        f"{len(past)} past shows: {statuses['found']} setlists found, "
        f"{statuses['waiting']} waiting, {statuses['not_found']} not found."
    )


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(theset)
