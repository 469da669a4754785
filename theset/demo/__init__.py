"""Embedded demo mode: a fictional catalog answered through the real Ticketmaster and Spotify
clients by a requests transport adapter (transport.py). The catalog is built from data/*.toml
by scripts/build_demo_catalog.py."""
