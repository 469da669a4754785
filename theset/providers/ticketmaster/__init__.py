"""Ticketmaster Discovery v2 client: artists (attractions), their upcoming events, venues.

client.py holds the calls, objects.py the dataclasses they return and their parsing.
"""

from .client import TicketmasterClient
from .objects import Attraction, Event, Venue

__all__ = ["Attraction", "Event", "TicketmasterClient", "Venue"]
