"""Stable names for why a request failed (``newsbot/errors/<name>`` stats), and the log filter that
keeps each failure to the one line newsbot writes about it.

Scrapy reports a failure as whatever exception the layer that noticed it raised (a Twisted
error, a Scrapy download error, an ``IgnoreRequest`` with a message); monitoring and the run
history need the same name for the same fault whatever the layer and the Scrapy version.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_error
from twisted.web.client import ResponseFailed

__all__ = ["ReportedByNewsbot", "failure_detail", "failure_reason", "quiet_scrapy_duplicates"]

_TIMEOUTS = (DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError, TimeoutError)
_RESETS = (
    DownloadFailedError,
    ResponseFailed,
    tx_error.ConnectionLost,
    tx_error.ConnectionDone,
    ConnectionResetError,
    ConnectionAbortedError,
)
_REFUSED = (DownloadConnectionRefusedError, tx_error.ConnectionRefusedError, ConnectionRefusedError)
_DNS = (CannotResolveHostError, tx_error.DNSLookupError)

#: Parts of the messages of the ``IgnoreRequest`` exceptions Scrapy raises, by failure name.
_IGNORED = (
    ("max redirections reached", "redirect_loop"),
    ("DOWNLOAD_MAXSIZE", "too_large"),
    ("Filtered offsite request", "offsite"),
    ("robots.txt", "robots_forbidden"),
)


def failure_reason(exc: BaseException) -> str:
    """The stable name of a download or HTTP failure, for ``newsbot/errors/<name>``.

    >>> failure_reason(DownloadTimeoutError("Getting x took longer than 1.0 seconds."))
    'timeout'
    >>> failure_reason(IgnoreRequest("max redirections reached"))
    'redirect_loop'
    >>> failure_reason(ValueError("odd"))
    'ValueError'
    """
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, _TIMEOUTS):
        return "timeout"
    if isinstance(exc, ResponseDataLossError):
        return "dataloss"
    if isinstance(exc, DownloadCancelledError):
        # Scrapy cancels a download whose announced or received size passes DOWNLOAD_MAXSIZE.
        return "too_large" if "max size" in str(exc) else "cancelled"
    if isinstance(exc, _REFUSED):
        return "connection_refused"
    if isinstance(exc, _DNS):
        return "dns"
    if isinstance(exc, _RESETS):
        return "connection_reset"
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        return next((name for part, name in _IGNORED if part in message), "ignored")
    return type(exc).__name__


_DETAILS = {
    "timeout": "no complete response within DOWNLOAD_TIMEOUT",
    "dataloss": "the body ended before its Content-Length (connection closed early)",
    "connection_reset": "the connection was closed or reset before a complete response",
    "redirect_loop": "redirected more than REDIRECT_MAX_TIMES times",
}


def failure_detail(exc: BaseException) -> str:
    """One line on what went wrong, for the log.

    >>> failure_detail(ResponseDataLossError())
    'the body ended before its Content-Length (connection closed early)'
    """
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    reason = failure_reason(exc)
    if reason in _DETAILS:
        return _DETAILS[reason]
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__


class ReportedByNewsbot(logging.Filter):
    """Demotes to DEBUG the Scrapy warnings about failures that newsbot reports itself
    (with the page's real URL, its kind and the stat name), so each failure is one log line."""

    #: (logger name, parts of the message) of the Scrapy messages concerned. A body that passes
    #: DOWNLOAD_MAXSIZE while it arrives (no Content-Length) keeps Scrapy's warning: the
    #: failure that reaches newsbot then only says "cancelled".
    PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("scrapy.core.downloader.handlers.http11", ("Expected to receive", "download max size")),
        ("scrapy.core.downloader.handlers.http11", ("Got data loss in",)),
        ("scrapy.downloadermiddlewares.httpcompression", ("exceeded DOWNLOAD_MAXSIZE",)),
    )

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.DEBUG:
            message = record.getMessage()
            for name, parts in self.PATTERNS:
                if record.name == name and all(part in message for part in parts):
                    record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


def quiet_scrapy_duplicates() -> None:
    """Install :class:`ReportedByNewsbot` on the Scrapy loggers concerned (idempotent; done by
    ``newsbot.extensions.failures``)."""
    for name in sorted({name for name, _ in ReportedByNewsbot.PATTERNS}):
        target = logging.getLogger(name)
        if not any(isinstance(f, ReportedByNewsbot) for f in target.filters):
            target.addFilter(ReportedByNewsbot())
