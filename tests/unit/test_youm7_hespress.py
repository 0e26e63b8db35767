"""Youm7 and Hespress page code on the shapes the fixtures do not pin down: card dates on section
fronts, pages past the end of a section, AMP twins, WordPress shortlink guids and newsroom bylines."""

from __future__ import annotations

from newsbot.pages import Link
from newsbot.sites._cards import CardListingPage
from newsbot.sites.hespress import PROFILE as HESPRESS
from newsbot.sites.hespress import HespressFeed, HespressListing, writer_names
from newsbot.sites.youm7 import PROFILE as YOUM7
from newsbot.sites.youm7 import Youm7Page, byline_names

FRONT = "https://www.youm7.com/Section/%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9/298/2"
STORY = "/story/2026/12/2/x/7212880"


def _card(path: str, date: str | None) -> str:
    stamp = f'<span class="newsDate2">{date}</span>' if date else ""
    return f'<div class="col-xs-12 bigOneSec"><h3><a href="{path}">عنوان</a></h3>{stamp}</div>'


def test_cards_carry_their_own_date_and_only_cards_are_articles() -> None:
    html = (
        '<div class="breakingNews"><a href="/story/2026/12/3/t/7213399">عاجل</a></div><div id="paging">'
        + _card(STORY, "2026-12-02 19:30")
        + _card("/story/2026/11/28/y/7209999", None)
        + '</div><a class="moreNews" href="/Section/x/298/3">المزيد</a>'
    )
    links = CardListingPage(FRONT, html.encode(), YOUM7).links()
    articles = [link for link in links if "/story/" in link.url]
    assert articles == [
        Link("https://www.youm7.com" + STORY, "2026-12-02 19:30"),
        # A card without a date does not borrow its neighbour's.
        Link("https://www.youm7.com/story/2026/11/28/y/7209999", None),
    ]
    assert "https://www.youm7.com/Section/x/298/3" in [link.url for link in links]


def test_a_section_page_past_the_end_names_no_article() -> None:
    html = '<div class="mostRead"><a href="/story/2026/12/1/z/7210001">الأكثر قراءة</a></div>'
    links = CardListingPage(FRONT, html.encode(), YOUM7).links()
    assert [link for link in links if "/story/" in link.url] == []


def test_amp_twin_is_fetched_and_stored_as_its_story() -> None:
    amp = "https://www.youm7.com/amp/2026/12/2/x/7212880"
    assert Youm7Page.data_url(amp, YOUM7) == "https://www.youm7.com" + STORY
    page = Youm7Page(amp, b"<html><body><h1>x</h1></body></html>", YOUM7)
    assert page.canonical == "https://www.youm7.com" + STORY
    assert page.article_id() == "youm7:7212880"


def test_bylines() -> None:
    assert byline_names("كتب: محمد سعيد، أحمد عرفة") == ["محمد سعيد", "أحمد عرفة"]
    assert writer_names("Hespress - Youssef") == ["Youssef"]


def test_wordpress_shortlink_guid_gives_way_to_the_link() -> None:
    feed = (
        b"<rss><channel><item><link>https://www.hespress.com/%D8%A7-1489012.html</link>"
        b'<guid isPermaLink="false">https://www.hespress.com/?p=1489012</guid></item></channel></rss>'
    )
    links = HespressFeed("https://www.hespress.com/feed", feed, HESPRESS).links()
    assert [link.url for link in links] == ["https://www.hespress.com/%D8%A7-1489012.html"]


def test_category_paging_follows_the_printed_next_link_only() -> None:
    url = "https://www.hespress.com/economie/page/2"
    last = HespressListing(url, b"<html><body></body></html>", HESPRESS)
    assert last.next_page() is None
    more = HespressListing(url, b'<a class="next page-numbers" href="/economie/page/3">next</a>', HESPRESS)
    assert more.next_page() == "https://www.hespress.com/economie/page/3"
