"""Which language a page or an API answer speaks: French pages, English API, unless asked."""

from __future__ import annotations

from fastapi import Request

from roster.web.guard import LANG_COOKIE


def page_lang(request: Request) -> str:
    """`?lang=en` or the cookie it set; French otherwise."""
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE, "fr")
    return "en" if lang == "en" else "fr"


def wants_json(request: Request) -> bool:
    """Requests under /api get JSON (errors included), others HTML."""
    return request.url.path.startswith("/api")


def message_lang(request: Request) -> str:
    """Pages speak French unless asked otherwise; the API speaks English unless `?lang=fr`."""
    if wants_json(request):
        return "fr" if request.query_params.get("lang") == "fr" else "en"
    return page_lang(request)
