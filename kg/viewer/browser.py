"""Headless Chromium for the graph page: `kg view --screenshot` and the viewer tests.

Playwright's Python package drives Debian's chromium (`/usr/bin/chromium`, installed by
`tools/setup/chromium.sh`; override with `KG_CHROMIUM`). Every request that is not a
`file://` URL is aborted and recorded, so a page that works here works offline.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import ConfigError

__all__ = [
    "CHROMIUM_ARGS",
    "OfflinePage",
    "chromium",
    "chromium_path",
    "offline_page",
    "open_page",
    "take_screenshot",
]

# Quiet, offline, sandbox-free (containers and CI run as root): no background
# networking, no QUIC, no component or sync traffic.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_path() -> str:
    """The Chromium binary to drive: $KG_CHROMIUM, /usr/bin/chromium, or chromium on PATH.

    Raises:
        ConfigError: none is installed.
    """
    for candidate in (os.environ.get("KG_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise ConfigError(
        "no Chromium found (looked at $KG_CHROMIUM, /usr/bin/chromium, PATH); "
        "run `bash tools/setup/chromium.sh` or `apt-get install chromium fonts-noto-cjk`"
    )


@dataclass(slots=True)
class OfflinePage:
    """A page opened from disk: the Playwright page, requests refused, errors seen."""

    page: Any
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def wait_until_laid_out(self, timeout_ms: int = 60_000) -> None:
        """Wait until the graph has stabilised and physics is off."""
        # a selector, not a JS predicate: the page's CSP forbids eval, which wait_for_function uses
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=timeout_ms)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (a Playwright `Browser`), closed on exit.

    Raises:
        ConfigError: Playwright or Chromium is missing, or Chromium would not start.
    """
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ConfigError(
            "driving Chromium needs Playwright: `pip install 'kg[view]'` (or `pip install -e '.[dev]'` in a checkout)"
        ) from exc
    executable = chromium_path()
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=executable, headless=True, args=list(CHROMIUM_ARGS))
        except PlaywrightError as exc:
            raise ConfigError(
                f"Chromium at {executable} would not start: {str(exc).splitlines()[0]}"
            ) from exc
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def offline_page(
    browser: Any, html: Path | str, width: int = 1600, height: int = 1000
) -> Iterator[OfflinePage]:
    """Open `html` from file:// in a fresh context of `browser`; any other request is refused and recorded."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    try:
        opened = OfflinePage(context.new_page())

        def refuse(route: Any) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                opened.refused.append(url)
                route.abort()

        context.route("**/*", refuse)
        opened.page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
        opened.page.on("console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None)
        opened.page.goto(Path(html).resolve().as_uri())
        yield opened
    finally:
        context.close()


@contextmanager
def open_page(html: Path | str, width: int = 1600, height: int = 1000) -> Iterator[OfflinePage]:
    """Open `html` from file:// in headless Chromium with the network refused.

    Raises:
        ConfigError: Playwright or Chromium is missing, or Chromium would not start.
    """
    with chromium() as browser, offline_page(browser, html, width, height) as opened:
        yield opened


def take_screenshot(
    html: Path | str, png: Path | str, width: int = 1600, height: int = 1000, select: str | None = None
) -> Path:
    """Render the page in headless Chromium, offline, and save a PNG once the layout settles.

    `select` is a node id to select first, so its properties and evidence show in the panel.

    Raises:
        ConfigError: Playwright or Chromium is missing, or the page failed to lay out.
    """
    target = Path(png)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open_page(html, width, height) as opened:
        try:
            opened.wait_until_laid_out()
        except Exception as exc:
            raise ConfigError(
                f"the page {html} did not finish its layout in Chromium: {opened.errors or exc}"
            ) from exc
        opened.page.evaluate("() => window.kgViewer.network.fit({animation: false})")
        if select is not None:
            opened.page.evaluate("(id) => window.kgViewer.selectNode(id)", select)
        opened.page.screenshot(path=str(target))
    return target
