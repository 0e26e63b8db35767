"""The ``newsbot`` command line: crawl, status, export, search, migrate, parse."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsbot.commands.health import Exit
from newsbot.items import as_record
from newsbot.pages import NotAnArticle, extract_article
from newsbot.pages.generic import generic_profile
from newsbot.sites import get_profile, profiles

if TYPE_CHECKING:
    from newsbot.store import Store


def _open_store(args: argparse.Namespace) -> Store:
    """The store the command reads: ``--dsn`` (PostgreSQL; default ``NEWSBOT_POSTGRES_DSN`` unless
    ``--db`` is given), else ``--db`` (default ``NEWSBOT_SQLITE_PATH``) and, for the run history and
    crawl state, ``--state`` (default ``NEWSBOT_STATE_PATH``, unless ``--db`` is given)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    from scrapy.utils.project import get_project_settings

    from newsbot.store import StoreError, open_dsn, open_path

    settings = get_project_settings()
    dsn = args.dsn or (None if args.db else settings.get("NEWSBOT_POSTGRES_DSN"))
    if dsn:
        try:
            return open_dsn(dsn)
        except StoreError as exc:
            raise SystemExit(f"newsbot: {exc}") from None
    database = args.db or settings.get("NEWSBOT_SQLITE_PATH") or "data/newsbot.db"
    state = getattr(args, "state", None)
    if state is None and not args.db:
        state = settings.get("NEWSBOT_STATE_PATH") or None
    for path in (database, state):
        if path and not Path(path).exists():
            raise SystemExit(f"newsbot: no database at {path} (run a crawl first, or pass --db/--state)")
    try:
        return open_path(database, state_path=state, timeout=settings.getfloat("NEWSBOT_SQLITE_TIMEOUT"))
    except StoreError as exc:
        raise SystemExit(f"newsbot: {exc}") from None


def _parse(args: argparse.Namespace) -> int:
    if args.site == "generic":
        host = urlsplit(args.url).hostname or "unknown.invalid"
        profile = generic_profile([host], timezone=args.timezone or "UTC")
    else:
        profile = get_profile(args.site)
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
    json.dump(as_record(item), sys.stdout, ensure_ascii=False, indent=args.indent)
    sys.stdout.write("\n")
    return 0


def _settings_pairs(pairs: Sequence[str]) -> dict[str, str]:
    overrides = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise SystemExit(f"newsbot: -s/--set takes NAME=VALUE, not {pair!r}")
        overrides[name] = value
    return overrides


def _crawl(args: argparse.Namespace) -> int:
    from newsbot.commands.crawl import crawl

    sites = sorted(profiles()) if args.all else args.sites
    if not sites:
        print("newsbot crawl: name at least one site, or --all", file=sys.stderr)
        return int(Exit.USAGE)
    unknown = [site for site in sites if site not in profiles()]
    if unknown:
        print(
            f"newsbot crawl: unknown site(s) {', '.join(unknown)}; known: {', '.join(sorted(profiles()))}",
            file=sys.stderr,
        )
        return int(Exit.USAGE)
    return crawl(
        sites,
        since=args.since.isoformat() if args.since else None,
        max_articles=args.max_articles,
        log_file=args.log_file,
        overrides=_settings_pairs(args.set),
        as_json=args.json,
    )


def _status(args: argparse.Namespace) -> int:
    from newsbot.commands.status import status

    store = _open_store(args)
    try:
        return status(store, site=args.site, limit=args.limit, as_json=args.json, out=sys.stdout)
    finally:
        store.close()


def _export(args: argparse.Namespace) -> int:
    from newsbot.commands.export import export

    if args.format == "parquet" and not args.out:
        print("newsbot export: parquet needs --out PATH", file=sys.stderr)
        return int(Exit.USAGE)
    store = _open_store(args)
    try:
        count = export(
            store,
            args.format,
            Path(args.out) if args.out else None,
            stdout=sys.stdout,
            site=args.site,
            since=args.since.isoformat() if args.since else None,
            until=args.until.isoformat() if args.until else None,
            one_per_story=args.one_per_story,
        )
    finally:
        store.close()
    if args.out:
        print(f"{count} articles written to {args.out}", file=sys.stderr)
    return 0


def _search(args: argparse.Namespace) -> int:
    store = _open_store(args)
    try:
        hits = store.search(args.query, site=args.site, limit=args.limit)
    finally:
        store.close()
    if args.json:
        print(json.dumps([asdict(hit) for hit in hits], ensure_ascii=False))
        return 0
    for hit in hits:
        print(
            f"{hit.id}  {hit.date_published or '-'}  {hit.headline}\n"
            f"    {hit.canonical_url}\n    {hit.snippet}"
        )
    if not hits:
        print("no article matches", file=sys.stderr)
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from newsbot.commands.migrate import migrate
    from newsbot.store import StoreError

    try:
        report = migrate(args.source, args.dsn, state=args.state)
    except (FileNotFoundError, StoreError) as exc:
        print(f"newsbot migrate: {exc}", file=sys.stderr)
        return 1
    for table, read in report.read.items():
        print(f"{table}: {read} read, {report.copied.get(table, 0)} new on the server")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbot", description="Crawl Arabic news sites into clean datasets."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    sites = sorted(profiles())

    crawl = commands.add_parser(
        "crawl", help="crawl sites (as scrapy crawl), one lock per site, health exit code"
    )
    crawl.add_argument("sites", nargs="*", metavar="SITE", help=f"registered sites: {', '.join(sites)}")
    crawl.add_argument("--all", action="store_true", help="every registered site")
    crawl.add_argument("--since", type=date.fromisoformat, help="skip articles published before YYYY-MM-DD")
    crawl.add_argument("--max-articles", type=int, help="stop each site after N articles")
    crawl.add_argument("--log-file", help="write the crawl log there instead of stderr")
    crawl.add_argument("--json", action="store_true", help="print a JSON summary after the summary lines")
    crawl.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy/newsbot setting (repeatable, as with scrapy crawl -s)",
    )
    crawl.set_defaults(handler=_crawl)

    status = commands.add_parser("status", help="the last runs per site and their health")
    status.add_argument("--site", choices=sites)
    status.add_argument("--limit", type=int, default=5, help="runs per site (default 5)")
    status.add_argument("--json", action="store_true")
    status.add_argument("--db", help="database (default: NEWSBOT_SQLITE_PATH)")
    status.add_argument("--dsn", help="PostgreSQL store (default: NEWSBOT_POSTGRES_DSN, unless --db)")
    status.add_argument("--state", help="crawl-state database, if separate (default: NEWSBOT_STATE_PATH)")
    status.set_defaults(handler=_status)

    export = commands.add_parser("export", help="stream stored articles to jsonl, csv or parquet")
    export.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    export.add_argument("--site", choices=sites)
    export.add_argument("--since", type=date.fromisoformat, help="published on or after YYYY-MM-DD")
    export.add_argument("--until", type=date.fromisoformat, help="published on or before YYYY-MM-DD")
    export.add_argument(
        "--one-per-story", action="store_true", help="leave out near-duplicates (keep originals)"
    )
    export.add_argument("--out", help="output file (default: stdout; required for parquet)")
    export.add_argument("--db", help="database (default: NEWSBOT_SQLITE_PATH)")
    export.add_argument("--dsn", help="PostgreSQL store (default: NEWSBOT_POSTGRES_DSN, unless --db)")
    export.set_defaults(handler=_export)

    search = commands.add_parser("search", help="full-text search, blind to Arabic spelling variants")
    search.add_argument("query")
    search.add_argument("--site", choices=sites)
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true")
    search.add_argument("--db", help="database (default: NEWSBOT_SQLITE_PATH)")
    search.add_argument("--dsn", help="PostgreSQL store (default: NEWSBOT_POSTGRES_DSN, unless --db)")
    search.set_defaults(handler=_search)

    migrate = commands.add_parser("migrate", help="copy an SQLite database into PostgreSQL (idempotent)")
    migrate.add_argument("--from", dest="source", required=True, metavar="SQLITE_PATH")
    migrate.add_argument("--to", dest="dsn", required=True, metavar="DSN")
    migrate.add_argument("--state", help="the crawl-state file, if separate (NEWSBOT_STATE_PATH)")
    migrate.set_defaults(handler=_migrate)

    parse = commands.add_parser("parse", help="print the article item of a saved page as JSON")
    parse.add_argument("site", choices=[*sites, "generic"], help="a registered site, or generic (no profile)")
    parse.add_argument("page", help="saved HTML file (bytes as served)")
    parse.add_argument("--url", required=True, help="the URL the page was fetched from")
    parse.add_argument("--content-type", default=None, help="the HTTP Content-Type it was served with")
    parse.add_argument("--scraped-at", default=None, help="ISO 8601 time to record as scraped_at")
    parse.add_argument("--timezone", default=None, help="IANA zone of dates printed without one (generic)")
    parse.add_argument("--indent", type=int, default=None)
    parse.set_defaults(handler=_parse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
