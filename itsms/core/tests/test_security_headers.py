"""Every answer carries a Content-Security-Policy without inline script, and a Permissions-Policy."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def _directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_pages_carry_a_policy_without_inline_script(client, db):  # noqa: ANN001
    response = client.get("/accounts/login/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src-elem"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_pages_and_the_api_carry_a_permissions_policy(client, db):  # noqa: ANN001
    for url in ("/accounts/login/", "/api/v1/openapi.json"):
        header = client.get(url)["Permissions-Policy"]
        features = dict(item.split("=", 1) for item in header.split(", "))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", (url, feature)


def test_no_template_has_inline_script_or_event_handlers():
    # The policy would block them; a new one must go into a static file (data in a JSON block or data-).
    roots = [Path(settings.BASE_DIR, "templates"), *Path(settings.BASE_DIR, "itsms").glob("*/templates")]
    offenders = []
    for root in roots:
        for path in root.rglob("*.html"):
            if "exports" in path.parts:
                continue  # rendered to PDF by WeasyPrint, never served to a browser
            text = path.read_text(encoding="utf-8")
            for marker in (
                "<script>",
                "<style",
                " onclick=",
                " onchange=",
                " onsubmit=",
                " oninput=",
                "hx-on",
            ):
                if marker in text:
                    offenders.append((str(path.relative_to(settings.BASE_DIR)), marker))
            for line in text.splitlines():
                if "<script" in line and "src=" not in line and "application/json" not in line:
                    offenders.append((str(path.relative_to(settings.BASE_DIR)), line.strip()[:60]))
    assert offenders == []
