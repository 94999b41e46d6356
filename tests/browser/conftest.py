"""Headless Chromium (Debian's package, never a downloaded browser) driven by Playwright against live_server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it are
# ordinary synchronous calls, so Django's async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # One worker runs them all: each starts a browser and the machine has two cores.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (make test does).")
    # Playwright gives each launch a fresh temporary profile of its own.
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):  # noqa: ANN001
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def log_in(page, username: str, password: str) -> None:  # noqa: ANN001
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def nav(page, key: str) -> None:  # noqa: ANN001
    """Follow a navigation entry as a person does: open its menu first when it sits in one."""
    link = page.locator(f"#mainnav [data-nav={key}]")
    menu = page.locator(f"#mainnav li.dropdown:has([data-nav={key}]) > a.dropdown-toggle")
    if menu.count():
        menu.click()
    link.click()
