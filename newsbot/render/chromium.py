"""Finding the Chromium of Debian's ``chromium`` package, and the flags it is started with."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: The Debian package that provides the browser; ``playwright install`` is never needed.
PACKAGE = "chromium"
FALLBACK = "/usr/bin/chromium"
#: Headless as root, on a machine that reaches nothing but the sites crawled: no sandbox (root),
#: no GPU, and none of the background traffic (updates, sync, first-run pages) Chromium starts on
#: its own. /dev/shm is small in containers; Chromium then writes shared memory to /tmp instead.
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


class BrowserNotFound(RuntimeError):
    """No Chromium where newsbot looks for one."""


def find_chromium(configured: str | None = None) -> str:
    """The Chromium executable: ``configured`` (the ``NEWSBOT_CHROMIUM_PATH`` setting or environment
    variable), else ``chromium`` on PATH, else ``/usr/bin/chromium``.

    >>> try:
    ...     find_chromium("/nonexistent/chromium")
    ... except BrowserNotFound as exc:
    ...     print(exc)  # doctest: +ELLIPSIS
    NEWSBOT_CHROMIUM_PATH=/nonexistent/chromium is not an executable file; install Debian's package...
    """
    wanted = configured or os.environ.get("NEWSBOT_CHROMIUM_PATH") or ""
    hint = (
        f"install Debian's package `{PACKAGE}` (apt-get install -y {PACKAGE}) "
        "or point NEWSBOT_CHROMIUM_PATH at a Chromium executable"
    )
    if wanted:
        if _executable(wanted):
            return wanted
        raise BrowserNotFound(f"NEWSBOT_CHROMIUM_PATH={wanted} is not an executable file; {hint}")
    found = shutil.which("chromium")
    if found:
        return found
    if _executable(FALLBACK):
        return FALLBACK
    raise BrowserNotFound(f"no Chromium found (not on PATH, not at {FALLBACK}); {hint}")


def _executable(path: str) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)
