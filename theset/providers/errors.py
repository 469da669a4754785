"""Typed failures of the upstream APIs, so callers can react without parsing messages."""

from __future__ import annotations

import logging

log = logging.getLogger("theset.providers")


class ProviderError(Exception):
    """Any upstream failure; `provider` names the API, `status` the HTTP status if any."""

    def __init__(self, provider: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.message = message
        self.status = status


class UpstreamConfigError(ProviderError):
    """Our API key or client credentials were rejected: an operator must fix the settings."""

    def __init__(self, provider: str, message: str, *, status: int | None = None) -> None:
        super().__init__(provider, message, status=status)
        # Logged here so no call site can forget it; the message never holds the secret.
        log.error("%s rejected our credentials: %s (check the settings)", provider, message)


class NotFound(ProviderError):
    """The requested id does not exist upstream."""


class RateLimited(ProviderError):
    """Upstream asked us to slow down; try again after `retry_after` seconds."""

    def __init__(
        self, provider: str, message: str, retry_after: float, *, status: int | None = 429
    ) -> None:
        super().__init__(provider, message, status=status)
        self.retry_after = retry_after


class QuotaSpent(ProviderError):
    """Not called: today's share of the quota for this kind of traffic is spent."""


class Unavailable(ProviderError):
    """Upstream is down or answered garbage (5xx after retries, timeout, bad JSON)."""


class Forbidden(ProviderError):
    """Upstream refused the call (Spotify 403: missing scope or dev-mode restriction)."""


class TokenExpired(ProviderError):
    """The user's access token is no longer accepted; refresh it."""


class TokenRevoked(ProviderError):
    """The user's refresh token was refused; the user must sign in again."""
