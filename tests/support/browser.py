"""Chromium for the rendering tests: locally a missing browser skips them with the reason; under
``CI=true`` it fails them, since CI must have it (``.ci/run`` installs Debian's ``chromium``)."""

from __future__ import annotations

import importlib.util
import os

import pytest

from newsbot.render.chromium import BrowserNotFound, find_chromium


def require_browser() -> str:
    """The Chromium executable the rendering tests use; skip or fail when there is none."""
    try:
        path = find_chromium()
        if importlib.util.find_spec("scrapy_playwright") is None:
            raise BrowserNotFound("scrapy-playwright is not installed (pip install -e '.[dev]')")
    except BrowserNotFound as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc} (CI must have it: .ci/run installs it)")
        pytest.skip(str(exc))
    return path
