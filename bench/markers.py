"""Generated text between two markers of a Markdown page: how every bench writes its figures
into README.md and docs/ without anyone pasting a table by hand."""

from __future__ import annotations

from pathlib import Path


def replace_between(page: Path, begin: str, end: str, body: str) -> bool:
    """Put `body` on its own lines between the page's markers, replacing what stood there;
    False (the page untouched) when the page lacks either marker."""
    text = page.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        return False
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    page.write_text(head + begin + "\n" + body + "\n" + end + tail, encoding="utf-8")
    return True
