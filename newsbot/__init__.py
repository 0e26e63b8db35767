"""newsbot: clean, deduplicated articles from Arabic news sites (``from newsbot import extract_generic``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsbot.generic import extract_generic

__all__ = ["extract_generic"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `import newsbot.settings` in a Scrapy process does not pay for parsel and lxml.
    if name == "extract_generic":
        from newsbot.generic import extract_generic

        return extract_generic
    raise AttributeError(f"module 'newsbot' has no attribute {name!r}")
