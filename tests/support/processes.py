"""The processes a crawl started, read from /proc: is there a browser among them, and which one to kill."""

from __future__ import annotations

from pathlib import Path


def _parent(pid: str) -> int | None:
    try:
        stat = (Path("/proc") / pid / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ")".
    return int(stat.rpartition(")")[2].split()[1])


def command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def descendants(root: int) -> list[int]:
    """Every living process under ``root``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (parent := _parent(entry.name)) is not None:
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def browsers(root: int) -> list[int]:
    """Chromium's main (browser) processes under ``root``: not its renderer, GPU or zygote helpers."""
    return [
        pid
        for pid in descendants(root)
        if "chrom" in (line := command_line(pid)).split(" ")[0] and "--type=" not in line
    ]


def playwright_drivers(root: int) -> list[int]:
    """Playwright's driver processes (``node … run-driver``) under ``root``: one per started Playwright."""
    return [pid for pid in descendants(root) if "run-driver" in command_line(pid)]
