"""Shared HTTP machinery: session, timeouts, retries, 429 handling, JSON decoding."""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, urlsplit

import requests

from .breaker import CircuitBreaker
from .counter import count_call
from .errors import Forbidden, NotFound, ProviderError, RateLimited, Unavailable
from .rate_limit import RedisRateLimiter

if TYPE_CHECKING:
    from redis import Redis

log = logging.getLogger("theset.providers")

DEFAULT_TIMEOUT = (3.05, 10.0)  # (connect, read) seconds
USER_AGENT = "TheSet/0.1"
# ChunkedEncodingError is a connection dropped mid-body; requests does not class it as either.
_NETWORK_ERRORS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), else None."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def json_or_none(response: requests.Response) -> Any:
    """The decoded body, or None when it is not JSON (error bodies may be plain text)."""
    try:
        return response.json()
    except ValueError:
        return None


def path_segment(value: str) -> str:
    """An opaque upstream id quoted for a URL path, so it can never change the path."""
    return quote(str(value), safe="")


def url_path(url: str) -> str:
    """The path of `url` without its query, which may carry an API key."""
    return urlsplit(url).path


class Budget(Protocol):
    def spend(self) -> None:
        """Count one call, or raise a ProviderError instead of making it."""


class ApiClient:
    """Base for one upstream API: every call goes through `request()` and `self.session`."""

    provider = "upstream"
    rate_limit_key: str | None = None
    default_rate_per_second: float = 5
    budget: Budget | None = None  # a daily quota, for the APIs that have one

    def __init__(
        self,
        *,
        session: requests.Session | None = None,
        redis: Redis | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        backoff: float = 0.5,
        max_rate_limit_wait: float = 2.0,
        rate_per_second: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.session = session if session is not None else requests.Session()
        self.redis = redis
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_rate_limit_wait = max_rate_limit_wait
        self.sleep = sleep
        self.breaker = breaker or CircuitBreaker()
        self.limiter = None
        if redis is not None and self.rate_limit_key:
            rate = rate_per_second or self.default_rate_per_second
            self.limiter = RedisRateLimiter(redis, self.rate_limit_key, rate, sleep=sleep)

    # Hooks a client overrides for its own error shapes.

    def error_message(self, payload: Any, text: str) -> str:
        """A short human message from an error body."""
        return text.strip()[:200]

    def error_for(self, status: int, payload: Any, message: str) -> ProviderError:
        """The exception for a 4xx answer other than 429."""
        if status == 404:
            return NotFound(self.provider, message, status=status)
        if status == 403:
            return Forbidden(self.provider, message, status=status)
        return ProviderError(self.provider, f"HTTP {status}: {message}", status=status)

    def retry_after(self, response: requests.Response, payload: Any) -> float:
        """Seconds to wait after a 429."""
        wait = parse_retry_after(response.headers.get("Retry-After"))
        return 1.0 if wait is None else wait

    # The machinery.

    def request(self, method: str, url: str, **options: Any) -> dict[str, Any]:
        """Send one call with retries and return its JSON object, or raise a ProviderError."""
        self.breaker.check(self.provider)
        try:
            result = self._request(method, url, **options)
        except Unavailable:
            self.breaker.failed(self.provider)
            raise
        self.breaker.succeeded()
        return result

    def _request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> dict[str, Any]:
        retries = 0
        waited_for_rate_limit = False
        while True:
            try:
                response = self._send(method, url, params, data, headers, auth)
            except _NETWORK_ERRORS as exc:
                reason = type(exc).__name__
                if retries < self.max_retries:
                    retries += 1
                    self._back_off(retries, url, reason)
                    continue
                # `from None`: requests' own message repeats the URL, API key included.
                raise Unavailable(self.provider, f"{reason} calling {url_path(url)}") from None

            status = response.status_code
            if status == 429:
                payload = json_or_none(response)
                wait = self.retry_after(response, payload)
                if not waited_for_rate_limit and wait <= self.max_rate_limit_wait:
                    waited_for_rate_limit = True
                    log.info("%s asked us to wait %.2fs", self.provider, wait)
                    self.sleep(wait)
                    continue
                message = self.error_message(payload, response.text) or "rate limited"
                raise RateLimited(self.provider, message, wait)
            if status >= 500:
                if retries < self.max_retries:
                    retries += 1
                    self._back_off(retries, url, f"HTTP {status}")
                    continue
                raise Unavailable(
                    self.provider, f"HTTP {status} from {url_path(url)}", status=status
                )
            if status >= 400:
                payload = json_or_none(response)
                raise self.error_for(status, payload, self.error_message(payload, response.text))
            return self._decode(response, url)

    def _send(self, method, url, params, data, headers, auth) -> requests.Response:
        if self.budget is not None:
            self.budget.spend()
        if self.limiter is not None:
            self.limiter.acquire()
        if self.redis is not None:
            count_call(self.redis, self.provider)
        return self.session.request(
            method,
            url,
            params=params,
            data=data,
            headers={"User-Agent": USER_AGENT, **(headers or {})},
            auth=auth,
            timeout=self.timeout,
        )

    def _back_off(self, retries: int, url: str, reason: str) -> None:
        delay = self.backoff * 2 ** (retries - 1)
        # Jitter, so workers do not retry in lockstep (not cryptography).
        delay += random.uniform(0, delay)  # nosec B311
        log.warning(
            "%s %s failed (%s); retry %d in %.2fs",
            self.provider,
            url_path(url),
            reason,
            retries,
            delay,
        )
        self.sleep(delay)

    def _decode(self, response: requests.Response, url: str) -> dict[str, Any]:
        if response.status_code == 204:
            return {}
        payload = json_or_none(response)
        if not isinstance(payload, dict):
            raise Unavailable(
                self.provider,
                f"malformed JSON from {url_path(url)}",
                status=response.status_code,
            )
        return payload
