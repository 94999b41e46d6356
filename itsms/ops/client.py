"""A small HTTP client for the smoke test and the soak: cookies, the CSRF token, no redirects followed.

Standard library only (urllib and http.cookiejar), so the drivers need nothing beyond Python and never
import Django: they talk to running servers exactly as a browser would.
"""

from __future__ import annotations

import http.cookiejar
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes
    seconds: float = 0.0
    url: str = ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "") or ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Session:
    """One user agent: a cookie jar shared by every server it talks to (cookies ignore the port)."""

    base: str
    timeout: float = 60.0
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def _send(self, request: urllib.request.Request) -> Response:
        started = time.perf_counter()
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                body = answer.read()
                return Response(
                    answer.status, answer.headers, body, time.perf_counter() - started, request.full_url
                )
        except urllib.error.HTTPError as exc:
            body = exc.read()
            return Response(exc.code, exc.headers, body, time.perf_counter() - started, request.full_url)

    def url(self, path: str, base: str | None = None) -> str:
        return urllib.parse.urljoin(base or self.base, path)

    def get(self, path: str, *, base: str | None = None, headers: dict[str, str] | None = None) -> Response:
        return self._send(urllib.request.Request(self.url(path, base), headers=headers or {}))

    def csrf_token(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value or ""
        return ""

    def post(
        self,
        path: str,
        data: dict[str, str] | None = None,
        *,
        base: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        form = {"csrfmiddlewaretoken": self.csrf_token(), **(data or {})}
        request = urllib.request.Request(
            self.url(path, base),
            data=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
            method="POST",
        )
        return self._send(request)

    def login(self, username: str, password: str, *, base: str | None = None) -> Response:
        page = self.get("/accounts/login/", base=base)
        if page.status != 200:
            raise RuntimeError(f"login page answered {page.status}")
        answer = self.post("/accounts/login/", {"username": username, "password": password}, base=base)
        if answer.status != 302:
            raise RuntimeError(f"login answered {answer.status}, not a redirect: {answer.text[:300]}")
        return answer
