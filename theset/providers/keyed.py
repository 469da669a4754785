"""An API client reached with one key at one base URL, with a daily quota to keep."""

from __future__ import annotations

from typing import Any

import requests

from .budget import SHARES, DailyBudget
from .http import ApiClient


class KeyedApiClient(ApiClient):
    """`api_key` and `base_url` for the calls; a DailyBudget of `daily_quota` on Redis."""

    default_base_url: str
    daily_quota: int
    shares: dict[str, float] = SHARES

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        session: requests.Session | None = None,
        redis: Any = None,
        **options: Any,
    ) -> None:
        super().__init__(session=session, redis=redis, **options)
        if redis is not None:
            self.budget = DailyBudget(redis, self.provider, self.daily_quota, self.shares)
        self.api_key = api_key
        self.base_url = (base_url or self.default_base_url).rstrip("/")
