"""Scoring an extracted body against a gold body: bag-of-words F1 and leaked lines (tests and bench)."""

from __future__ import annotations

from collections import Counter

from newsbot.text import normalize_text


def word_f1(extracted: str | None, gold: str | None) -> float:
    """Bag-of-words F1 of two texts after stored-text normalisation (1.0 when both are empty).

    >>> word_f1("a b c", "a b c"), word_f1("a b", "a b c d"), word_f1("", "")
    (1.0, 0.6666666666666666, 1.0)
    """
    got = Counter(normalize_text(extracted or "").split())
    want = Counter(normalize_text(gold or "").split())
    if not got and not want:
        return 1.0
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision = common / sum(got.values())
    recall = common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def leaked_lines(extracted: str | None, gold: str | None) -> list[str]:
    """Output lines that appear nowhere in the gold body (chrome that got through).

    >>> leaked_lines("a\\n\\nShare this\\n\\nb", "a\\n\\nb")
    ['Share this']
    """
    gold_text = normalize_text(gold or "")
    lines = [normalize_text(line) for line in (extracted or "").split("\n")]
    return [line for line in lines if line and line not in gold_text]
