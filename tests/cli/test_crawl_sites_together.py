"""`newsbot crawl` with several sites in one process: one store, one near-duplicate index, so a wire
story that two outlets published is linked across sites by `story_id`."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite
from tests.crawl.runner import REPO, crawl_env

MIRRORS = REPO / "tests" / "fixtures" / "mirrors"
#: The same agency paragraphs, as Al Jazeera and France 24 each published them.
AL_JAZEERA = "فيتو أميركي يمنع عضوية فلسطين الكاملة"
FRANCE_24 = "فيتو أمريكي يحبط مسعى فلسطين"


def both_sites() -> MirrorSite:
    # One origin replays every site's hosts: the two copies' paths do not collide but for robots.txt.
    merged = MirrorSite.load(MIRRORS / "france24_ar")
    merged.update(MirrorSite.load(MIRRORS / "aljazeera"))
    return merged


def test_one_process_links_a_wire_story_across_two_sites(tmp_path: Path) -> None:
    database = tmp_path / "newsbot.db"
    with MirrorServer(both_sites()) as server:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "newsbot.cli",
                "crawl",
                "aljazeera",
                "france24_ar",
                "--json",
                "--log-file",
                str(tmp_path / "log.txt"),
                "-s",
                f"NEWSBOT_MIRROR={server.url}",
                "-s",
                f"NEWSBOT_SQLITE_PATH={database}",
                "-s",
                f"NEWSBOT_JSONL_PATH={tmp_path / '{spider}.jsonl'}",
                "-s",
                f"NEWSBOT_LOCK_DIR={tmp_path / 'locks'}",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                "DOWNLOAD_DELAY=0",
            ],
            cwd=REPO,
            env=crawl_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert [site["site"] for site in summary["sites"]] == ["aljazeera", "france24_ar"], summary
    assert all(site["articles_new"] > 0 for site in summary["sites"]), summary
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT id, site, headline, duplicate_of, story_id FROM articles").fetchall()
    wire = [row for row in rows if row[2].startswith((AL_JAZEERA, FRANCE_24))]
    assert {row[1] for row in wire} == {"aljazeera", "france24_ar"}, rows
    original, copy = sorted(wire, key=lambda row: row[3] is not None)
    assert original[3] is None and original[4] == original[0]
    assert (copy[3], copy[4]) == (original[0], original[0])
