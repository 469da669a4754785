"""Embedded demo mode: a fictional catalog answered through the real Ticketmaster and Spotify
clients by a requests transport adapter (see transport.py and build_catalog.py)."""
