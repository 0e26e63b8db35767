"""Summaries of py-spy's collapsed-stack output (``py-spy record -f raw``): where a process spent its time.

    python bench/profiles.py PROFILE.txt [--top 25]

Each input line is ``frame;frame;...;frame COUNT`` with frames as ``function (file:line)``. The summary
gives, per function (line numbers dropped), the share of samples in which it is on the stack
(inclusive) and at the top of the stack (self).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")
_SHORTEN = (
    (re.compile(r"^.*/site-packages/"), ""),
    (re.compile(r"^.*/lib/python3\.\d+/"), "stdlib/"),
    (re.compile(r"^.*?/newsbot/"), "newsbot/"),
)


def _frame_name(frame: str) -> str:
    match = _FRAME.match(frame.strip())
    if match is None:
        return frame.strip()
    path = match.group("file")
    for pattern, replacement in _SHORTEN:
        path = pattern.sub(replacement, path)
    return f"{match.group('func')} ({path})"


def summarize(path: Path) -> tuple[int, Counter[str], Counter[str], Counter[str]]:
    """(total samples, inclusive by function, self by function, inclusive by module file)."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    files: Counter[str] = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_frame_name(f) for f in stack.split(";") if f and not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        total += count
        for name in set(frames):
            inclusive[name] += count
        own[frames[-1]] += count
        for module in {name.rpartition("(")[2].rstrip(")") for name in frames}:
            files[module] += count
    return total, inclusive, own, files


def report(path: Path, top: int = 25, *, include: str | None = None) -> str:
    """A Markdown summary; ``include`` keeps only functions whose name or file contains it."""
    total, inclusive, own, _ = summarize(path)
    if total == 0:
        return f"no samples in {path}"

    def keep(name: str) -> bool:
        return include is None or include in name

    lines = [
        f"{total:,} samples from {path.name}",
        "",
        "| inclusive | self | function (file) |",
        "|---|---|---|",
    ]
    ranked = [(name, count) for name, count in inclusive.most_common() if keep(name)]
    for name, count in ranked[:top]:
        lines.append(f"| {count / total:.1%} | {own[name] / total:.1%} | `{name}` |")
    lines += ["", "Self time (top of stack):", "", "| self | function (file) |", "|---|---|"]
    for name, count in [(n, c) for n, c in own.most_common() if keep(n)][:top]:
        lines.append(f"| {count / total:.1%} | `{name}` |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--include", help="only functions whose name or file contains this")
    args = parser.parse_args(argv)
    print(report(args.profile, args.top, include=args.include))
    return 0


if __name__ == "__main__":
    sys.exit(main())
