"""Which of a site's requests are rendered in the browser, and what is done in the page first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsbot.render.actions import Action

#: Request kinds (``meta["newsbot_kind"]``) that are HTML pages. Feeds, sitemaps and robots.txt are
#: documents for a parser, not a browser, and always go over plain HTTP.
PAGE_KINDS = frozenset({"section", "listing", "article"})


@dataclass(frozen=True, kw_only=True)
class RenderPlan:
    """The ``render`` setting of a profile: the kinds of page rendered, and page actions per kind.

    A request's ``meta["newsbot_render"]`` (``True``/``False``) overrides the plan for that request.
    """

    kinds: frozenset[str] = PAGE_KINDS
    #: When a page counts as loaded before its actions run: ``load`` (the page's own actions wait for
    #: what its scripts fill in), or ``networkidle`` (no request for half a second: for sites nobody
    #: described, whose scripts may fetch their text after the load event).
    wait_until: str = "load"
    actions: Mapping[str, tuple[Action, ...]] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - PAGE_KINDS
        if unknown:
            raise ValueError(f"only HTML pages are rendered ({', '.join(sorted(PAGE_KINDS))}), not {unknown}")

    @classmethod
    def everything(cls, wait_until: str = "load", **actions: tuple[Action, ...]) -> RenderPlan:
        """Every HTML page: articles, section fronts and listings."""
        return cls(kinds=PAGE_KINDS, wait_until=wait_until, actions=actions)

    @classmethod
    def listings(cls, wait_until: str = "load", **actions: tuple[Action, ...]) -> RenderPlan:
        """Section fronts and listings; article pages stay on plain HTTP."""
        return cls(kinds=frozenset({"section", "listing"}), wait_until=wait_until, actions=actions)

    def renders(self, kind: str | None, switch: bool | None = None) -> bool:
        """Whether a request of ``kind`` is rendered; ``switch`` is the request's own say.

        >>> plan = RenderPlan.listings()
        >>> plan.renders("listing"), plan.renders("article"), plan.renders("article", switch=True)
        (True, False, True)
        >>> plan.renders("feed", switch=True)
        False
        """
        if kind not in PAGE_KINDS and kind is not None:
            return False
        if switch is not None:
            return switch
        return kind in self.kinds

    def actions_for(self, kind: str | None) -> tuple[Action, ...]:
        return tuple(self.actions.get(kind or "", ()))
