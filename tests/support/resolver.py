"""A DNS resolver for crawl tests: names fail to resolve here, before any query leaves the machine.

Set ``TWISTED_DNS_RESOLVER=tests.support.resolver.LocalOnlyResolver`` on a crawl: IP literals and
``localhost`` resolve as usual; any other name fails with the error a real failed lookup gives
(Twisted's ``DNSLookupError``), so the crawl sees exactly what it sees with no network.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

logger = logging.getLogger(__name__)


def is_local_name(name: str) -> bool:
    """
    >>> is_local_name("127.0.0.1"), is_local_name("localhost"), is_local_name("arabic.rt.invalid")
    (True, True, False)
    """
    if name == "localhost":
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class LocalOnlyResolver(CachingThreadedResolver):
    """Twisted reports a failed lookup as "no results" whatever the resolver said, so each refused
    name is logged once: a test can tell this resolver, not the system's, refused it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused: set[str] = set()

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        if is_local_name(name):
            return super().getHostByName(name, timeout)
        if name not in self.refused:
            self.refused.add(name)
            logger.info("Not resolving %s: tests resolve no names", name)
        return defer.fail(DNSLookupError(f"address {name!r} not found (tests resolve no names)"))
