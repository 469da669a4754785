"""The Spotify accounts service's token endpoint, for the demo catalog's app and fans.

Demo fans sign in with tokens named after their Spotify user id:
access token `demo-user-token:<id>`, refresh token `demo-user-refresh:<id>`, and an
authorization code `demo-code:<id>` for the code grant.
"""

from __future__ import annotations

import base64
import binascii
import secrets

from requests.structures import CaseInsensitiveDict

from .answer import Answer
from .catalog import Catalog

TOKEN_TYPE = "Bearer"  # the OAuth token type, not a secret  # nosec B105
USER_TOKEN_PREFIX = "demo-user-token:"  # a prefix of fake demo tokens, not a secret  # nosec B105
USER_REFRESH_PREFIX = "demo-user-refresh:"
USER_CODE_PREFIX = "demo-code:"
USER_SCOPE = "user-follow-read user-top-read user-read-email user-read-private"


class SpotifyAccounts:
    """POST /api/token for the client-credentials, authorization-code and refresh grants."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def answer(self, method: str, path: str, form: dict, headers: CaseInsensitiveDict) -> dict:
        if method != "POST" or path.rstrip("/") != "/api/token":
            raise Answer(404, {"error": "not_found", "error_description": "Not found"})
        grant = form.get("grant_type")
        if not grant:
            raise self._oauth(400, "unsupported_grant_type", "grant_type parameter is missing")
        if grant not in ("client_credentials", "authorization_code", "refresh_token"):
            raise self._oauth(
                400,
                "unsupported_grant_type",
                "grant_type must be client_credentials, authorization_code or refresh_token",
            )
        has_basic = self._basic_client(headers.get("Authorization", ""))
        if not has_basic and (grant == "client_credentials" or not form.get("client_id")):
            raise self._oauth(401, "invalid_client", "Invalid client")
        if grant == "client_credentials":
            return {
                "access_token": "demo-app-token:" + secrets.token_urlsafe(24),
                "token_type": TOKEN_TYPE,
                "expires_in": 3600,
            }
        if grant == "authorization_code":
            user_id = self._user(form.get("code", ""), USER_CODE_PREFIX)
            if user_id is None:
                raise self._oauth(400, "invalid_grant", "Invalid authorization code")
            return {**_user_token(user_id), "refresh_token": USER_REFRESH_PREFIX + user_id}
        if not form.get("refresh_token"):
            raise self._oauth(400, "invalid_request", "refresh_token must be supplied")
        user_id = self._user(form["refresh_token"], USER_REFRESH_PREFIX)
        if user_id is None:
            raise self._oauth(400, "invalid_grant", "Invalid refresh token")
        return _user_token(user_id)

    def _user(self, value: str, prefix: str) -> str | None:
        user_id = value[len(prefix) :] if value.startswith(prefix) else None
        return user_id if user_id in self.catalog.users else None

    @staticmethod
    def _oauth(status: int, error: str, description: str) -> Answer:
        return Answer(status, {"error": error, "error_description": description})

    @staticmethod
    def _basic_client(header: str) -> bool:
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic" or not encoded.strip():
            return False
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        client_id, colon, secret = decoded.partition(":")
        return bool(client_id and colon and secret)


def _user_token(user_id: str) -> dict:
    """A fan's access token as the token endpoint answers it (without a refresh token)."""
    return {
        "access_token": USER_TOKEN_PREFIX + user_id,
        "token_type": TOKEN_TYPE,
        "scope": USER_SCOPE,
        "expires_in": 3600,
    }
