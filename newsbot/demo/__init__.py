"""Generator of an RT-Arabic-shaped news site: article specs, rendering, whole-site mirrors, gold items."""

from __future__ import annotations

from newsbot.demo.articles import (
    ArticleSpec,
    ImageSpec,
    add_articles,
    make_articles,
    republish,
    update_article,
)
from newsbot.demo.site import build_site, default_now, gold, replace_article

__all__ = [
    "ArticleSpec",
    "ImageSpec",
    "add_articles",
    "build_site",
    "default_now",
    "gold",
    "make_articles",
    "replace_article",
    "republish",
    "update_article",
]
