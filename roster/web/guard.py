"""An ASGI layer in front of every route: token, Host and Origin checks, upload size cap,
the language cookie and safe response headers."""

from __future__ import annotations

import hmac
import json
from html import escape
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from fastapi import HTTPException

from roster.web.config import ServeConfig
from roster.web.i18n import in_french

TOKEN_COOKIE = "roster_token"
LANG_COOKIE = "roster_lang"
TOKEN_HEADER = b"x-roster-token"
FORM_SLACK = 64 * 1024  # multipart boundaries and headers around the file
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; form-action 'self'",
    ),
]


class BodyTooLarge(HTTPException):
    """The request body is larger than --max-upload-mb (HTTP 413)."""

    def __init__(self, limit_mb: float) -> None:
        super().__init__(413, f"the file is larger than the {limit_mb:g} MB limit (--max-upload-mb)")


def _headers(scope) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in scope.get("headers", [])}


def _cookies(headers: dict[bytes, bytes]) -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


class Guard:
    """Wraps the FastAPI app (see module docstring)."""

    def __init__(self, app, config: ServeConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        path = scope.get("path", "")
        wants_json = path.startswith("/api")
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if wants_json:
            french = query.get("lang") == "fr"
        else:
            french = (query.get("lang") or _cookies(headers).get(LANG_COOKIE, "fr")) != "en"

        async def refuse(status: int, message: str) -> None:
            await _refuse(send, status, in_french(message) if french else message, wants_json, french)

        hosts = self.config.trusted_hosts
        if hosts is not None and _host_name(headers.get(b"host", b"")) not in hosts:
            await refuse(400, "unexpected Host header")
            return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get(b"origin")
            if origin and origin not in (b"null",) and not _same_origin(origin, headers.get(b"host", b"")):
                await refuse(403, "cross-site request refused")
                return

        extra_headers: list[tuple[bytes, bytes]] = []
        token = self.config.token
        if token is not None:
            given = headers.get(TOKEN_HEADER, b"").decode("latin-1")
            auth = headers.get(b"authorization", b"").decode("latin-1")
            if not given and auth.lower().startswith("bearer "):
                given = auth[7:].strip()
            given = given or _cookies(headers).get(TOKEN_COOKIE, "")
            if not _equal(given, token):
                if _equal(query.get("token", ""), token) and scope["method"] in ("GET", "HEAD"):
                    rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
                    await _redirect(send, path + (f"?{rest}" if rest else ""), _token_cookie(token))
                    return
                await refuse(401, "access token required: open the link printed by `roster serve`")
                return
        if query.get("lang") in ("fr", "en"):
            extra_headers.append(
                (b"set-cookie", f"{LANG_COOKIE}={query['lang']}; Path=/; SameSite=Strict".encode())
            )

        limit = self.config.max_upload_bytes + FORM_SLACK
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > limit
            except ValueError:
                too_big = False
            if too_big:
                await refuse(413, BodyTooLarge(self.config.max_upload_mb).detail)
                return
        received = 0
        limit_mb = self.config.max_upload_mb

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit_mb)
            return message

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message = {
                    **message,
                    "headers": [*message.get("headers", []), *SECURITY_HEADERS, *extra_headers],
                }
            await send(message)

        await self.app(scope, counted_receive, send_with_headers)


def _host_name(raw: bytes) -> str:
    """The host of a Host header, without port or IPv6 brackets, lower case."""
    text = raw.decode("latin-1").strip().lower()
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


def _equal(given: str, token: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _same_origin(origin: bytes, host: bytes) -> bool:
    text = origin.decode("latin-1")
    return text.split("://", 1)[-1].rstrip("/").lower() == host.decode("latin-1").lower()


def _token_cookie(token: str) -> bytes:
    return f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict".encode("latin-1")


async def _redirect(send, location: str, cookie: bytes) -> None:
    await send({
        "type": "http.response.start", "status": 303,
        "headers": [(b"location", location.encode("latin-1")), (b"set-cookie", cookie),
                    (b"content-length", b"0"), *SECURITY_HEADERS],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": b""})


async def _refuse(send, status: int, message: str, wants_json: bool, french: bool) -> None:
    if wants_json:
        body = json.dumps({"detail": message}).encode("utf-8")
        kind = b"application/json"
    else:
        body = (
            f"<!doctype html><html lang={'fr' if french else 'en'}><meta charset=utf-8><title>roster</title>"
            "<body style='font-family:sans-serif;margin:3em'>"
            f"<h1>{status}</h1><p>{escape(message)}</p></body></html>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": body})
