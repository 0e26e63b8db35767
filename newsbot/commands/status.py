"""``newsbot status``: the last runs per site and their health, as a table or JSON."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, TextIO

from newsbot.commands.health import errors
from newsbot.store import Store

COLUMNS = (
    "site",
    "run",
    "started (UTC)",
    "min",
    "finish",
    "health",
    "new",
    "upd",
    "dup",
    "req",
    "err",
    "stored",
)


def _minutes(run: dict[str, Any]) -> str:
    if not run["finished_at"]:
        return "running"
    seconds = (
        datetime.fromisoformat(run["finished_at"]) - datetime.fromisoformat(run["started_at"])
    ).total_seconds()
    return f"{seconds / 60:.1f}"


def run_row(run: dict[str, Any], stored: int) -> dict[str, Any]:
    stats = run["stats"]
    return {
        "site": run["site"],
        "run_id": run["run_id"],
        "started_at": run["started_at"],
        "finished_at": run["finished_at"],
        "finish_reason": run["finish_reason"],
        "health": run["health"] or ("running" if not run["finished_at"] else "unknown"),
        "problems": run["problems"],
        "articles_new": int(stats.get("newsbot/articles/new", 0)),
        "articles_updated": int(stats.get("newsbot/articles/updated", 0)),
        "duplicates": sum(int(v) for k, v in stats.items() if k.startswith("newsbot/duplicates/"))
        + int(stats.get("newsbot/near_duplicates/linked", 0)),
        "requests": int(stats.get("downloader/request_count", 0)),
        "errors": errors(stats),
        "stored_total": stored,
    }


def status(store: Store, *, site: str | None, limit: int, as_json: bool, out: TextIO) -> int:
    runs = store.runs(site, limit=limit * 50 if site is None else limit)
    per_site: dict[str, list[dict[str, Any]]] = {}
    for run in runs:
        bucket = per_site.setdefault(run["site"], [])
        if len(bucket) < limit:
            bucket.append(run_row(run, store.count(run["site"])))
    rows = [row for name in sorted(per_site) for row in per_site[name]]
    if as_json:
        out.write(json.dumps({"runs": rows}, ensure_ascii=False) + "\n")
        return 0
    if not rows:
        out.write("no runs recorded yet\n")
        return 0
    runs_by_id = {run["run_id"]: run for run in runs}
    table = [
        (
            row["site"],
            str(row["run_id"]),
            row["started_at"][:16].replace("T", " "),
            _minutes(runs_by_id[row["run_id"]]),
            row["finish_reason"] or "-",
            row["health"],
            str(row["articles_new"]),
            str(row["articles_updated"]),
            str(row["duplicates"]),
            str(row["requests"]),
            str(row["errors"]),
            str(row["stored_total"]),
        )
        for row in rows
    ]
    widths = [max(len(column), *(len(line[i]) for line in table)) for i, column in enumerate(COLUMNS)]
    out.write(
        "  ".join(column.ljust(width) for column, width in zip(COLUMNS, widths, strict=True)).rstrip() + "\n"
    )
    for line in table:
        out.write(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() + "\n"
        )
    for row in rows:
        for problem in row["problems"]:
            out.write(f"  {row['site']} run {row['run_id']}: {problem}\n")
    return 0
