"""Signals newsbot's components send, next to Scrapy's own (connect with ``crawler.signals.connect``)."""

from __future__ import annotations

#: A page was lost: it will not be parsed. Sent with ``request`` (the last request tried),
#: ``reason`` (the stable name from :func:`newsbot.extensions.failure_names.failure_reason`, such
#: as ``http_404``, ``timeout``, ``dns``, ``empty_page`` or ``redirect_loop``) and ``detail`` (one
#: line for the log).
#: ``newsbot.extensions.failures.FailureAccounting`` counts and logs it; the spider records the URL
#: as failed in the crawl state.
page_failed = object()
