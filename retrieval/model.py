"""The plain records that flow through the pipeline: articles and their metadata.

Passages are not objects: they are rows of arrays in `corpus.Corpus`.

`ArticleInfo` is an `Article` without its text, derived here and nowhere else:
`ArticleInfo.of` copies the fields by name, and the check at the end of this
module refuses to import if the two field lists ever drift apart (a field added
to `Article` but not to `ArticleInfo` would silently vanish from hits, listings
and the index's articles.jsonl).
"""

from __future__ import annotations

from dataclasses import dataclass, fields


def _headline(kicker: str | None, title: str, subtitle: str | None) -> str:
    return " ".join(p for p in (kicker, title, subtitle) if p)


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
        return _headline(self.kicker, self.title, self.subtitle)

    @property
    def info(self) -> ArticleInfo:
        """This article's metadata, without the text."""
        return ArticleInfo.of(self)


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
        """The metadata of an article, copied field by field by name (never by position)."""
        return cls(**{name: getattr(a, name) for name in _INFO_FIELDS})

    @property
    def headline(self) -> str:
        """Every headline part, as `Article.headline`."""
        return _headline(self.kicker, self.title, self.subtitle)


_INFO_FIELDS = tuple(f.name for f in fields(ArticleInfo))  # fields() is slow; a build calls `of` per article


def _same_fields() -> bool:
    article = [(f.name, f.type, f.default) for f in fields(Article) if f.name != "text"]
    info = [(f.name, f.type, f.default) for f in fields(ArticleInfo)]
    return article == info


if not _same_fields():  # pragma: no cover - a programming error, caught on the first import
    raise TypeError("ArticleInfo must have exactly Article's fields without `text`, in the same order")
