"""The plain records that flow through the pipeline: articles and their metadata.

Passages are not objects: they are rows of arrays in `corpus.Corpus`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One news article, as read from a page dump or a JSONL line.

    `text` holds the body with paragraphs separated by newlines; the headline
    parts (kicker, title, subtitle) are kept apart so they can serve as a field.
    """

    id: str
    title: str
    text: str
    byline: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    kicker: str | None = None
    subtitle: str | None = None

    @property
    def headline(self) -> str:
        """Every headline part, for use as the passage's title context."""
        return " ".join(p for p in (self.kicker, self.title, self.subtitle) if p)


@dataclass(frozen=True)
class ArticleInfo:
    """An article's metadata without its text: what a hit carries and a listing shows."""

    id: str
    title: str
    byline: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    kicker: str | None = None
    subtitle: str | None = None

    @classmethod
    def of(cls, a: Article) -> ArticleInfo:
        return cls(a.id, a.title, a.byline, a.date, a.source, a.url, a.kicker, a.subtitle)

    @property
    def headline(self) -> str:
        return " ".join(p for p in (self.kicker, self.title, self.subtitle) if p)
