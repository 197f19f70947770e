"""Reading a newspaper page dump as articles.

Text extracted from a printed page keeps the page's artefacts: headlines with
kickers and "——" subtitles, bylines in brackets or trailing the last sentence,
photo captions, words split where a column breaks, and an article's tail
printed before its head ("continued from"). These are general rules for such
pages; nothing here knows any particular file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import CLAUSE_BREAKS, ends_sentence, has_sentence_end, quote_balance

MAX_HEADLINE_CHARS = 40
_NAME = r"[\u4e00-\u9fff·]{2,5}"
_BRACKET_BYLINE = re.compile(rf"^(?P<body>.*?)\s*\((?P<by>{_NAME}(?:\s+{_NAME})*)\)$", re.S)
_PHOTO_CREDIT = re.compile(r"^(?P<body>.*[。!?…”])\s*(?P<by>[\u4e00-\u9fff·]{2,4}?)\s*摄$", re.S)
_TRAILING_NAME = re.compile(r"^(?P<body>.*[。!?…”])\s+(?P<by>[\u4e00-\u9fff·]{2,4})$", re.S)
_DATELINE = re.compile(r"^(本报讯|本报[\u4e00-\u9fff]{0,8}电|新华社[\u4e00-\u9fff]{0,8}电|据[\u4e00-\u9fff]{1,10}报道)")
_LEAD_DATE = re.compile(
    r"^(\d{4}年)?\d{1,2}月\d{1,2}日(上午|下午|中午|晚上|晚|凌晨|早上)?"
    r"(至(\d{1,2}月)?\d{1,2}日(上午|下午|晚上|晚)?)?[,,]"
)


@dataclass
class RawArticle:
    """An article as the page lays it out, before it becomes an `Article`."""

    title: str | None = None
    kicker: str | None = None
    subtitle: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    byline: str | None = None
    closed: bool = False  # a byline ended it
    orphan: bool = False  # body text with no head: the tail of an article printed elsewhere
    caption: bool = False

    @property
    def dangling(self) -> bool:
        """Its last paragraph stops mid-sentence and nothing closed it."""
        return bool(self.paragraphs) and not self.closed and not ends_sentence(self.paragraphs[-1])


def split_byline(paragraph: str) -> tuple[str, str | None, bool]:
    """Return (body, byline, is_photo_caption) for a paragraph that may end with a credit."""
    m = _PHOTO_CREDIT.match(paragraph)
    if m:
        return m["body"], f"{m['by']} 摄", True
    for pattern in (_BRACKET_BYLINE, _TRAILING_NAME):
        m = pattern.match(paragraph)
        if m and ends_sentence(m["body"]):
            return m["body"], m["by"], False
    return paragraph, None, False


def _headline_shaped(p: str) -> bool:
    return len(p) <= MAX_HEADLINE_CHARS and not has_sentence_end(p) and p[-1] not in CLAUSE_BREAKS and not _DATELINE.match(p)


def is_headline(p: str) -> bool:
    """Short, no sentence punctuation, not cut off mid-clause, not a "——" line: a headline or kicker."""
    return _headline_shaped(p) and not p.startswith("—")


def classify(paragraphs: list[str]) -> list[tuple[str, str]]:
    """Label each paragraph "head", "sub" or "body".

    A "——" line is a subtitle only right under a headline; elsewhere it is a
    list item of the body (news features enumerate with dashes).
    """
    out: list[tuple[str, str]] = []
    for p in paragraphs:
        if is_headline(p):
            kind = "head"
        elif p.startswith("—") and _headline_shaped(p) and out and out[-1][0] in ("head", "sub"):
            kind = "sub"
        else:
            kind = "body"
        out.append((kind, p))
    return out


def starts_story(p: str) -> bool:
    return bool(_DATELINE.match(p))


def mend_page_breaks(paragraphs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join a body paragraph cut off mid-sentence with the paragraph that continues it.

    A body paragraph that stops without sentence-final punctuation (or on a
    comma) continues in the next body paragraph, unless that one opens a new
    story; then the cut is left for `attach_orphans` to mend.
    """
    out: list[tuple[str, str]] = []
    for kind, p in paragraphs:
        if out and kind == "body" and out[-1][0] == "body":
            prev = out[-1][1]
            cut = not ends_sentence(prev) and split_byline(prev)[1] is None
            if cut and not starts_story(p):
                out[-1] = ("body", prev + p)
                continue
        out.append((kind, p))
    return out


def title_from_lead(paragraph: str) -> str:
    """A title for an article with no headline: its lead clause, without dateline and date."""
    text = _DATELINE.sub("", paragraph).strip()
    text = _LEAD_DATE.sub("", text, count=1).strip()
    clauses = re.split(r"(?<=[,,。!?;])", text)
    title = ""
    for clause in clauses:
        title += clause
        if len(title.rstrip(",,。!?;")) >= 8:
            break
    title = title.rstrip(",,。!?; ")
    if len(title) > MAX_HEADLINE_CHARS:
        title = title[: MAX_HEADLINE_CHARS - 1] + "…"
    return title or paragraph[:MAX_HEADLINE_CHARS]


def group_articles(paragraphs: list[tuple[str, str]]) -> list[RawArticle]:
    """Walk the page top to bottom, opening an article at each headline or dateline."""
    articles: list[RawArticle] = []
    heads: list[str] = []
    current: RawArticle | None = None
    for kind, p in paragraphs:
        if kind != "body":
            heads.append(p)
            continue
        body, byline, caption = split_byline(p)
        if heads:
            current = _from_heads(heads)
            heads = []
            articles.append(current)
        elif caption:
            current = RawArticle(caption=True)
            articles.append(current)
        elif current is None or current.closed or current.caption:
            current = RawArticle(orphan=not starts_story(p))
            articles.append(current)
        elif starts_story(p) and current.paragraphs:
            current = RawArticle()
            articles.append(current)
        current.paragraphs.append(body)
        if byline:
            current.byline, current.closed = byline, True
    return articles


def _from_heads(heads: list[str]) -> RawArticle:
    subtitles = [h for h in heads if h.startswith("—")]
    mains = [h for h in heads if not h.startswith("—")]
    if not mains:  # only a dash line: treat it as the title
        mains, subtitles = subtitles[:1], subtitles[1:]
    return RawArticle(
        title=mains[-1],
        kicker=" ".join(mains[:-1]) or None,
        subtitle=" ".join(s.lstrip("—").strip() for s in subtitles) or None,
    )


def attach_orphans(articles: list[RawArticle]) -> list[RawArticle]:
    """Give each headless fragment to the article that stops mid-sentence waiting for it.

    When several articles dangle, the one whose open quotes the fragment closes wins,
    then the nearest. A fragment nobody claims stays an article of its own.
    """
    result = [a for a in articles if not a.orphan]
    for frag in (a for a in articles if a.orphan):
        waiting = [a for a in result if a.dangling]
        if not waiting:
            result.insert(_position(articles, frag, result), frag)
            frag.orphan = False
            continue
        head_text = frag.paragraphs[0]

        def fit(a: RawArticle) -> tuple[int, int]:
            balanced = quote_balance(a.paragraphs[-1]) + quote_balance(head_text) == 0
            distance = abs(articles.index(a) - articles.index(frag))
            return (0 if balanced else 1, distance)

        target = min(waiting, key=fit)
        target.paragraphs[-1] += head_text
        target.paragraphs.extend(frag.paragraphs[1:])
        target.byline = frag.byline or target.byline
        target.closed = frag.closed
    return result


def _position(original: list[RawArticle], item: RawArticle, result: list[RawArticle]) -> int:
    """Where to put an unclaimed fragment so page order is kept."""
    order = {id(a): i for i, a in enumerate(original)}
    mine = order[id(item)]
    return sum(1 for a in result if order[id(a)] < mine)


def parse_page(text: str) -> list[RawArticle]:
    """Normalized page text in, articles in page order out."""
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    articles = attach_orphans(group_articles(mend_page_breaks(classify(paragraphs))))
    for a in articles:
        if not a.title:
            a.title = title_from_lead(a.paragraphs[0])
    return [a for a in articles if a.paragraphs]
