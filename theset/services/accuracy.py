"""How well a prediction called a show: hits, precision and recall, as plain arithmetic.

Songs are compared by their song key (versions, case, accents and punctuation folded),
so "Néons (Live)" played is a hit for "Néons" predicted. A song played from tape was
not performed: it counts for neither side. A song played twice is one song.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .song_names import song_key


@dataclass(frozen=True, slots=True)
class Accuracy:
    predicted: int
    played: int
    hits: int

    @property
    def precision(self) -> float:
        """Hits ÷ songs predicted (0 when nothing was predicted)."""
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Hits ÷ songs performed (0 when none was)."""
        return self.hits / self.played if self.played else 0.0


def performed_keys(played: Iterable[tuple[str, bool]]) -> set[str]:
    """The songs performed live, from (name, tape) pairs: no tape, no unidentified song."""
    return {song_key(name) for name, tape in played if name and not tape}


def score(predicted_names: Iterable[str], performed: set[str]) -> Accuracy:
    """How the songs named in a prediction did against the songs performed."""
    predicted = {song_key(name) for name in predicted_names if name}
    return Accuracy(
        predicted=len(predicted), played=len(performed), hits=len(predicted & performed)
    )
