"""Pure functions from retrieval results to Telegram HTML, and the callback-data codec.

No I/O and no python-telegram-bot types here, so all of it is unit-tested directly.
Lengths are measured like Telegram: UTF-16 code units of the text after HTML parsing.
Truncation always happens on plain text *before* escaping, so an `&amp;` or a `<b>` can
never be cut in half.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retrieval.model import ArticleInfo
from retrieval.service import SELF_ANSWERING, Hit, Stats

from .texts import CATALOGS, t

TG_LIMIT = 4096  # max message text length, UTF-16 code units after entity parsing
CALLBACK_LIMIT = 64  # max callback_data, bytes
ELLIPSIS = "…"
Entity = tuple[str, int, int]  # (type, offset, length), offsets in UTF-16 code units


def esc(text: str) -> str:
    """Escape text for Telegram HTML (only <, > and & are special outside attributes)."""
    return html.escape(text, quote=False)


def u16len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, budget: int) -> str:
    """The longest prefix of `text` of at most `budget` UTF-16 units, with … if shortened."""
    if u16len(text) <= budget:
        return text
    return _prefix(text, max(budget - 1, 0)) + ELLIPSIS if budget > 0 else ""


def cut_left(text: str, budget: int) -> str:
    """The longest suffix of `text` that fits `budget` units, with … in front if shortened."""
    if u16len(text) <= budget:
        return text
    return ELLIPSIS + _prefix(text[::-1], max(budget - 1, 0))[::-1] if budget > 0 else ""


def _prefix(text: str, budget: int) -> str:
    """Whole code points only, so a surrogate pair (an emoji) is never split."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > budget:
            return text[:i]
    return text


def merge_marks(marks: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Marks clipped to [0, length], empty ones dropped, overlapping or touching ones merged."""
    spans = sorted((max(a, 0), min(b, length)) for a, b in marks)
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def bold_marks(text: str, marks: Iterable[tuple[int, int]]) -> str:
    """`text` escaped, with the marked spans in <b>…</b>."""
    out, pos = [], 0
    for a, b in merge_marks(marks, len(text)):
        out += [esc(text[pos:a]), "<b>", esc(text[a:b]), "</b>"]
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)


_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
CLAUSE_BREAKS = "，,；;：:、。！？!?　 "
LEAD_SLACK = 24  # an answer further into its passage than this is led up to from its clause
ANSWER_MIN = 2  # a one-character "answer" (一, 捐) is noise, not worth bold


def human_date(date: str | None, lang: str = "zh") -> str:
    """2020-02-03 -> 2020年2月3日 (3 February 2020), 2020-02 -> 2020年2月; anything else as given."""
    m = _DATE_RE.fullmatch((date or "").strip())
    if not m:
        return date or ""
    y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
    if not 1 <= mo <= 12:
        return date or ""
    if lang == "en":
        return f"{int(d)} {_MONTHS[mo - 1]} {y}" if d else f"{_MONTHS[mo - 1]} {y}"
    return f"{y}年{mo}月{int(d)}日" if d else f"{y}年{mo}月"


def card_meta(info: ArticleInfo, lang: str = "zh") -> str:
    """headline · byline · date, on one line."""
    headline = info.title or t(lang, "untitled")
    return " · ".join(p for p in (headline, (info.byline or "").strip(), human_date(info.date, lang)) if p)


def _header(info: ArticleInfo, lang: str) -> tuple[str, str]:
    """(html, plain) of the title and byline lines that open a full article."""
    title = cut(info.title or t(lang, "untitled"), 200)
    meta = cut(" · ".join(p for p in ((info.byline or "").strip(), human_date(info.date, lang)) if p), 200)
    plain = title + "\n" + (meta + "\n" if meta else "") + "\n"
    markup = f"<b>{esc(title)}</b>\n" + (f"<i>{esc(meta)}</i>\n" if meta else "") + "\n"
    return markup, plain


def answer_span(hit: Hit) -> tuple[int, int] | None:
    """The span to bold: the service's answer when it is a real one (inside the text, more than
    one character); a byline or headline hit is its own answer.  Otherwise nothing is bold."""
    span = hit.answer
    if span is not None and 0 <= span.start < span.end <= len(hit.text) and span.end - span.start >= ANSWER_MIN:
        return span.start, span.end
    if hit.kind in SELF_ANSWERING and len(hit.text.strip()) >= ANSWER_MIN:
        return 0, len(hit.text)
    return None


def lead(hit: Hit, budget: int = 1000) -> str:
    """The passage as it opens the card: the answer bold, and when the answer sits deep in a long
    sentence, the sentence from the clause that holds it (the whole sentence is in the context
    below), so the answer is within the first few dozen characters of the reply."""
    text, span = hit.text.strip(), answer_span(hit)
    offset = len(hit.text) - len(hit.text.lstrip())
    if span is None:
        return esc(cut(text, budget))
    a, b = span[0] - offset, span[1] - offset
    prefix = ""
    if a > LEAD_SLACK:
        start = max((i + 1 for i in range(a) if text[i] in CLAUSE_BREAKS), default=0)
        if a - start > LEAD_SLACK:  # no clause break near: start a little before the answer
            start = a - LEAD_SLACK // 2
        if start > 0:
            text, a, b, prefix = text[start:], a - start, b - start, ELLIPSIS
    head, answer, tail = text[:a], text[a:b], text[b:]
    room = max(budget - u16len(prefix + head + answer), 0)
    return f"{esc(prefix + head)}<b>{esc(answer)}</b>{esc(cut(tail, room))}"


def question_line(question: str, previous: str | None, lang: str) -> str:
    """问：… (plain text): the card carries its question, so ◀ ▶ can re-ask it from the card
    alone; a follow-up also carries the question it follows."""
    line = t(lang, "question", question=cut(" ".join(question.split()), 200))
    if previous:
        line += t(lang, "follow_of", previous=cut(" ".join(previous.split()), 200))
    return line


def read_question_line(card_text: str | None) -> tuple[str, str | None] | None:
    """(question, previous) from a card's visible text, in any UI language; None if absent."""
    for line in (card_text or "").splitlines():
        for cat in CATALOGS.values():
            q_prefix = cat["question"].split("{")[0]
            if not line.startswith(q_prefix):
                continue
            body = line[len(q_prefix) :]
            f_prefix, f_suffix = cat["follow_of"].split("{previous}")
            previous = None
            if f_suffix and body.endswith(f_suffix) and f_prefix in body:
                body, _, previous = body[: -len(f_suffix)].rpartition(f_prefix)
            return body.strip(), (previous or None)
    return None


def answer_card(
    hit: Hit,
    index: int,
    total: int,
    lang: str = "zh",
    limit: int = TG_LIMIT,
    *,
    question: str = "",
    previous: str | None = None,
    counter: bool = True,
    again: bool = False,
) -> str:
    """One hit, answer first: the passage (answer bold), 问：the question, the context in an
    expandable quote, headline · byline · date, and 第 i/N 条 (left out of inline results).
    `again`: nothing answered a follow-up and this is the report shown before, which one
    line above it says, so that it is not read as the answer."""
    note = t(lang, "again") if again else ""
    head = (f"<i>{esc(note)}</i>\n" if note else "") + lead(hit)
    ask = esc(question_line(question, previous, lang)) + "\n" if question else ""
    meta = f"<i>{esc(cut(card_meta(hit.article, lang), 300))}</i>"
    footer = "\n" + esc(t(lang, "page", i=index + 1, n=total)) if counter else ""
    fixed = u16len(parse_visible(head)) + u16len(question_line(question, previous, lang) if question else "")
    fixed += u16len(cut(card_meta(hit.article, lang), 300)) + u16len(t(lang, "page", i=index + 1, n=total)) + 8
    rest = max(limit - fixed, 0)
    before, text, after = hit.before, hit.text, hit.after
    if u16len(text) > rest:
        before, after, text = "", "", cut(text, rest)
    elif u16len(before) + u16len(text) + u16len(after) > rest:
        room = rest - u16len(text)
        b_room = max(room // 2, room - u16len(after))
        before = cut_left(before, b_room)
        after = cut(after, room - u16len(before))
    context = (before + text + after).strip()
    quote = f"<blockquote expandable>{esc(context)}</blockquote>\n" if context and context != hit.text.strip() else ""
    return f"{head}\n\n{ask}{quote}{meta}{footer}"


def chatter_text(message: str, lang: str = "zh") -> str:
    """The one short line for thanks, assent or laughter (谢谢, 好的, 哈哈): not the help block,
    not the last answer again."""
    return t(lang, "chatter_thanks") if re.search(r"[谢謝]|thank|thx", message, re.IGNORECASE) else t(lang, "chatter")


def parse_visible(markup: str) -> str:
    """The visible text of our own simple markup (<b>, <i> and escapes only), for length budgets."""
    return html.unescape(re.sub(r"</?(?:b|i|blockquote)(?: expandable)?>", "", markup))


def nearest_titles(terms: Sequence[str], titles: Sequence[tuple[str, frozenset[str]]], n: int = 3) -> list[str]:
    """The headlines sharing most of the question's terms (then most of its characters), best first."""
    wanted = set(terms)
    chars = {ch for term in terms for ch in term}

    def score(item: tuple[int, tuple[str, frozenset[str]]]) -> tuple[int, int, int]:
        i, (title, words) = item
        return (-len(wanted & words), -len(chars & set(title)), i)

    return [title for _, (title, _) in sorted(enumerate(titles), key=score)[:n]]


def no_answer_text(question: str, nearest: Sequence[str], articles: int, lang: str = "zh") -> str:
    """Say the corpus has nothing on it, and the headlines nearest to what was asked."""
    lines = [t(lang, "no_answer", question=esc(cut(" ".join(question.split()), 60)))]
    if nearest:
        lines += ["", t(lang, "nearest", articles=articles)]
        lines += [f"• {esc(cut(title, 80))}" for title in nearest[:5]]
    lines += ["", t(lang, "rephrase")]
    return "\n".join(lines)


def help_text(stats: Stats, examples: Sequence[str], username: str, lang: str = "zh") -> str:
    """/start and /help: what the bot knows (articles, dates as people write them), example
    questions (also offered as buttons), how to page and follow up."""
    first, last = human_date(stats.first_date, lang), human_date(stats.last_date, lang)
    if first and last:
        span = first if first == last else t(lang, "date_range", first=esc(first), last=esc(last))
        dates = t(lang, "dates", range=span)
    else:
        dates = ""
    parts = [
        t(lang, "greeting"),
        t(lang, "corpus", articles=stats.articles, dates=dates),
        "",
        t(lang, "examples"),
        *(f"• {esc(cut(e, 100))}" for e in examples[:3]),
        "",
        t(lang, "usage", username=esc(username)),
    ]
    return "\n".join(parts)


def split_article(info: ArticleInfo, sentences: Sequence[str], lang: str = "zh", limit: int = TG_LIMIT) -> list[str]:
    """The whole article as HTML messages of at most `limit` units each, split between sentences.

    Only a single sentence longer than a whole message is cut inside itself.
    """
    head, head_plain = _header(info, lang)
    reserve = u16len("\n\n" + t(lang, "continued", i=9999, n=9999))  # room for the (i/n) footer
    bodies: list[str] = []
    current, room = "", limit - reserve - u16len(head_plain)
    for sentence in sentences:
        while sentence:
            size = u16len(sentence)
            if u16len(current) + size <= room:
                current += sentence
                break
            if current:  # close this message, retry the sentence in a fresh one
                bodies.append(current)
                current, room = "", limit - reserve
                continue
            piece = _prefix(sentence, room)  # one sentence longer than a whole message
            bodies.append(piece)
            sentence = sentence[len(piece) :]
            room = limit - reserve
    if current or not bodies:
        bodies.append(current)
    n = len(bodies)
    messages = []
    for i, body in enumerate(bodies, start=1):
        footer = "\n\n" + t(lang, "continued", i=i, n=n) if n > 1 else ""
        messages.append((head if i == 1 else "") + esc(body) + footer)
    return messages


# ------------------------------------------------------------------ buttons


@dataclass(frozen=True)
class Button:
    """A decoded callback.

    `page` shows result `value` of the card's question; `article` sends article `value` (its id,
    or `#` and a hash of a long id); `example` asks example question `value`; `legacy_article`
    is an older card's 原文 (`value` a passage id, valid only for index `fingerprint`).
    Pages and articles carry no index fingerprint, so a rebuild that keeps the article keeps
    the button working."""

    kind: str
    value: str
    fingerprint: str = ""


_ARTICLE_KEY_RE = re.compile(r"[\x21-\x7e]{1,58}")
_LEGACY_RE = re.compile(r"([pa]):([0-9a-f]{8}):([0-9]{1,40})")
_PREFIX = {"page": "pg", "article": "art", "example": "ex"}
_KIND = {v: k for k, v in _PREFIX.items()}


def article_key(article_id: str) -> str:
    """The article id itself when it fits callback data, else `#` + 16 hex digits of its hash."""
    if _ARTICLE_KEY_RE.fullmatch(article_id) and not article_id.startswith("#"):
        return article_id
    return "#" + hashlib.sha256(article_id.encode()).hexdigest()[:16]


def encode_callback(kind: str, value: str | int) -> str:
    """`pg:3`, `art:<article key>`, `ex:0`, checked to fit Telegram's 64-byte callback_data."""
    if kind not in _PREFIX:
        raise ValueError(f"bad callback kind {kind!r}")
    value = str(value)
    if kind in ("page", "example") and not (value.isdigit() and len(value) <= 4):
        raise ValueError(f"bad {kind} number {value!r}")
    data = f"{_PREFIX[kind]}:{value}"
    if len(data.encode()) > CALLBACK_LIMIT or not value:
        raise ValueError("callback data would exceed 64 bytes")
    return data


def decode_callback(data: str | None) -> Button | None:
    """The button, or None for anything malformed (foreign, truncated or tampered data)."""
    data = data or ""
    if m := _LEGACY_RE.fullmatch(data):  # cards sent before article-keyed buttons
        return Button("page" if m.group(1) == "p" else "legacy_article", str(int(m.group(3))), m.group(2))
    prefix, _, value = data.partition(":")
    kind = _KIND.get(prefix)
    if kind is None or not value or len(data.encode()) > CALLBACK_LIMIT:
        return None
    if kind in ("page", "example") and not (value.isdigit() and len(value) <= 4):
        return None
    if kind == "article" and not _ARTICLE_KEY_RE.fullmatch(value):
        return None
    return Button(kind, value)


def index_fingerprint(stats: Stats, first_id: str, last_id: str) -> str:
    """8 hex digits naming the index: only legacy 原文 buttons (keyed by passage) depend on it."""
    ident = "|".join(str(x) for x in (stats.articles, stats.passages, stats.terms, stats.first_date, stats.last_date, first_id, last_id))
    return hashlib.sha256(ident.encode()).hexdigest()[:8]


ButtonSpec = tuple[str, str, str]  # (label, "callback" | "url", callback data or URL)


def answer_buttons(index: int, total: int, article_id: str, url: str | None = None, lang: str = "zh") -> list[list[ButtonSpec]]:
    """◀ previous, 原文, next ▶ (arrows only where they lead), and the article's web page."""
    row: list[ButtonSpec] = []
    if index > 0:
        row.append((t(lang, "prev"), "callback", encode_callback("page", index - 1)))
    row.append((t(lang, "article"), "callback", encode_callback("article", article_key(article_id))))
    if index + 1 < total:
        row.append((t(lang, "next"), "callback", encode_callback("page", index + 1)))
    rows = [row]
    if url and re.match(r"https?://\S+$", url):
        rows.append([(t(lang, "open_url"), "url", url)])
    return rows


def example_buttons(examples: Sequence[str]) -> list[list[ButtonSpec]]:
    """One tappable button per example question (asked when pressed)."""
    return [[(cut(e, 40), "callback", encode_callback("example", i))] for i, e in enumerate(examples[:3])]


# ------------------------------------------------------------------ reading questions


def _pieces(text: str, entities: Iterable[Entity]) -> list[tuple[str, int, int, str]]:
    """Each entity with the text it covers (offsets are UTF-16, as Telegram sends them)."""
    buf = text.encode("utf-16-le")
    return [(kind, off, off + length, buf[2 * off : 2 * (off + length)].decode("utf-16-le", errors="replace")) for kind, off, length in entities]


def mentions_bot(text: str, entities: Iterable[Entity], username: str | None) -> bool:
    """True when an @mention entity names this bot (entity-based, as Telegram marks it)."""
    me = "@" + (username or "").lower()
    return bool(username) and any(k == "mention" and p.lower() == me for k, _, _, p in _pieces(text, entities))


def _cuts(text: str, entities: Iterable[Entity], username: str | None) -> list[tuple[int, int]]:
    """UTF-16 spans of the leading /command and of every @mention of the bot."""
    me = "@" + (username or "").lower()
    spans = sorted(
        (a, b)
        for kind, a, b, piece in _pieces(text, entities)
        if (kind == "bot_command" and a == 0) or (kind == "mention" and username and piece.lower() == me)
    )
    return merge_marks(spans, u16len(text))  # overlapping entities must not be cut twice


def extract_question(text: str | None, entities: Iterable[Entity], username: str | None) -> str:
    """The question in a message: without its leading /ask and @bot mentions, spaces tidied."""
    if not text:
        return ""
    buf = bytearray(text.encode("utf-16-le"))
    for a, b in sorted(_cuts(text, list(entities), username), reverse=True):
        del buf[2 * a : 2 * b]
        buf[2 * a : 2 * a] = " ".encode("utf-16-le")
    return " ".join(buf.decode("utf-16-le", errors="replace").split())
