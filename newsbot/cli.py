"""The ``newsbot`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from newsbot.pages.article import NotAnArticle, extract_article
from newsbot.sites import get_profile, profiles


def _parse(args: argparse.Namespace) -> int:
    try:
        profile = get_profile(args.site)
    except KeyError as exc:
        print(f"newsbot parse: {exc.args[0]}", file=sys.stderr)
        return 2
    try:
        body = Path(args.page).read_bytes()
    except OSError as exc:
        print(f"newsbot parse: cannot read {args.page}: {exc.strerror}", file=sys.stderr)
        return 2
    scraped_at = datetime.fromisoformat(args.scraped_at) if args.scraped_at else datetime.now(UTC)
    try:
        item = extract_article(args.url, body, profile, content_type=args.content_type, scraped_at=scraped_at)
    except NotAnArticle as exc:
        print(f"newsbot parse: not an article: {exc}", file=sys.stderr)
        return 1
    json.dump(asdict(item), sys.stdout, ensure_ascii=False, indent=args.indent)
    sys.stdout.write("\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbot", description="Crawl Arabic news sites into clean datasets."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="print the article item of a saved page as JSON")
    parse.add_argument("site", choices=sorted(profiles()))
    parse.add_argument("page", help="saved HTML file (bytes as served)")
    parse.add_argument("--url", required=True, help="the URL the page was fetched from")
    parse.add_argument("--content-type", default=None, help="the HTTP Content-Type it was served with")
    parse.add_argument("--scraped-at", default=None, help="ISO 8601 time to record as scraped_at")
    parse.add_argument("--indent", type=int, default=None)
    parse.set_defaults(handler=_parse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
