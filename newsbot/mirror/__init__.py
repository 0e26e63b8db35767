"""Offline copies of news sites, served over HTTP on localhost for crawl tests, demos and benchmarks."""

from __future__ import annotations

from newsbot.mirror.server import MirrorHandler, MirrorServer, RequestLog, serve
from newsbot.mirror.site import MirrorSite, Resource, normalize_target, quote_url, split_target

__all__ = [
    "MirrorHandler",
    "MirrorServer",
    "MirrorSite",
    "RequestLog",
    "Resource",
    "normalize_target",
    "quote_url",
    "serve",
    "split_target",
]
