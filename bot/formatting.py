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
from retrieval.service import Hit, Stats

from .texts import t

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


def _meta(info: ArticleInfo) -> str:
    return " · ".join(p for p in (info.byline, info.date) if p)


def _header(info: ArticleInfo, lang: str) -> tuple[str, str]:
    """(html, plain) of the title and byline lines that open a card or an article."""
    title, meta = cut(info.title or t(lang, "untitled"), 200), cut(_meta(info), 200)
    plain = title + "\n" + (meta + "\n" if meta else "") + "\n"
    markup = f"<b>{esc(title)}</b>\n" + (f"<i>{esc(meta)}</i>\n" if meta else "") + "\n"
    return markup, plain


def answer_card(hit: Hit, index: int, total: int, lang: str = "zh", limit: int = TG_LIMIT) -> str:
    """The reply for one hit: title, byline, passage with terms bold in its context, `i/N`."""
    head, head_plain = _header(hit.article, lang)
    footer = f"\n\n{index + 1}/{total}"
    budget = limit - u16len(head_plain) - u16len(footer)
    text, marks = hit.text, hit.marks
    if u16len(text) > budget:
        text = cut(text, budget)
        marks = tuple((a, min(b, len(text) - 1)) for a, b in marks)  # never bold the …
    rest = budget - u16len(text)
    before, after = hit.before, hit.after
    if u16len(before) + u16len(after) > rest:
        half = rest // 2
        b_room = max(half, rest - u16len(after))
        before = cut_left(before, b_room)
        after = cut(after, rest - u16len(before))
    return f"{head}{esc(before)}{bold_marks(text, marks)}{esc(after)}{footer}"


def no_answer_text(question: str, titles: Sequence[str], articles: int, lang: str = "zh") -> str:
    """Say the corpus has nothing on it, and what it does cover (a few of its titles)."""
    lines = [t(lang, "no_answer", question=esc(cut(" ".join(question.split()), 60)))]
    if titles:
        lines += ["", t(lang, "covers", articles=articles)]
        lines += [f"• {esc(cut(title, 80))}" for title in titles[:5]]
    lines += ["", t(lang, "rephrase")]
    return "\n".join(lines)


def help_text(stats: Stats, examples: Sequence[str], username: str, lang: str = "zh") -> str:
    """/start and /help: what the bot knows, example questions, how to page through results."""
    if stats.first_date and stats.last_date:
        span = stats.first_date if stats.first_date == stats.last_date else t(
            lang, "date_range", first=esc(stats.first_date), last=esc(stats.last_date))
        dates = t(lang, "dates", range=span)
    else:
        dates = ""
    parts = [
        t(lang, "greeting"),
        t(lang, "corpus", articles=stats.articles, passages=stats.passages, dates=dates),
        "",
        t(lang, "examples"),
        *(f"• {esc(cut(e, 100))}" for e in examples[:3]),
        "",
        t(lang, "usage", username=esc(username)),
    ]
    return "\n".join(parts)


def split_article(info: ArticleInfo, sentences: Sequence[str], lang: str = "zh",
                  limit: int = TG_LIMIT) -> list[str]:
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
            sentence = sentence[len(piece):]
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
    """A decoded callback: `p` shows result `value` of the question, `a` sends passage `value`'s article."""

    kind: str
    fingerprint: str
    value: int


_CALLBACK_RE = re.compile(r"([pa]):([0-9a-f]{8}):([0-9]{1,40})")


def encode_callback(kind: str, fingerprint: str, value: int) -> str:
    """`kind:fingerprint:value`, checked to fit Telegram's 64-byte callback_data."""
    if kind not in ("p", "a") or not re.fullmatch(r"[0-9a-f]{8}", fingerprint) or value < 0:
        raise ValueError(f"bad callback parts {kind!r}, {fingerprint!r}, {value!r}")
    data = f"{kind}:{fingerprint}:{value}"
    if len(data.encode()) > CALLBACK_LIMIT or not _CALLBACK_RE.fullmatch(data):
        raise ValueError("callback data would exceed 64 bytes")
    return data


def decode_callback(data: str | None) -> Button | None:
    """The button, or None for anything malformed (foreign, truncated or tampered data)."""
    m = _CALLBACK_RE.fullmatch(data or "")
    return Button(m.group(1), m.group(2), int(m.group(3))) if m else None


def index_fingerprint(stats: Stats, first_id: str, last_id: str) -> str:
    """8 hex digits naming the index: buttons made for another index are recognised as expired."""
    ident = "|".join(str(x) for x in (stats.articles, stats.passages, stats.terms,
                                      stats.first_date, stats.last_date, first_id, last_id))
    return hashlib.sha256(ident.encode()).hexdigest()[:8]


def answer_buttons(fingerprint: str, index: int, total: int, passage_id: int,
                   lang: str = "zh") -> list[list[tuple[str, str]]]:
    """Rows of (label, callback_data): ◀ previous, 原文, next ▶ (arrows only where they lead)."""
    row = []
    if index > 0:
        row.append((t(lang, "prev"), encode_callback("p", fingerprint, index - 1)))
    row.append((t(lang, "article"), encode_callback("a", fingerprint, passage_id)))
    if index + 1 < total:
        row.append((t(lang, "next"), encode_callback("p", fingerprint, index + 1)))
    return [row]


# ------------------------------------------------------------------ reading questions

def _pieces(text: str, entities: Iterable[Entity]) -> list[tuple[str, int, int, str]]:
    """Each entity with the text it covers (offsets are UTF-16, as Telegram sends them)."""
    buf = text.encode("utf-16-le")
    return [(kind, off, off + length, buf[2 * off:2 * (off + length)].decode("utf-16-le", errors="replace"))
            for kind, off, length in entities]


def mentions_bot(text: str, entities: Iterable[Entity], username: str | None) -> bool:
    """True when an @mention entity names this bot (entity-based, as Telegram marks it)."""
    me = "@" + (username or "").lower()
    return bool(username) and any(k == "mention" and p.lower() == me for k, _, _, p in _pieces(text, entities))


def _cuts(text: str, entities: Iterable[Entity], username: str | None) -> list[tuple[int, int]]:
    """UTF-16 spans of the leading /command and of every @mention of the bot."""
    me = "@" + (username or "").lower()
    spans = sorted((a, b) for kind, a, b, piece in _pieces(text, entities)
                   if (kind == "bot_command" and a == 0) or (kind == "mention" and username and piece.lower() == me))
    return merge_marks(spans, u16len(text))  # overlapping entities must not be cut twice


def extract_question(text: str | None, entities: Iterable[Entity], username: str | None) -> str:
    """The question in a message: without its leading /ask and @bot mentions, spaces tidied."""
    if not text:
        return ""
    buf = bytearray(text.encode("utf-16-le"))
    for a, b in sorted(_cuts(text, list(entities), username), reverse=True):
        del buf[2 * a:2 * b]
        buf[2 * a:2 * a] = " ".encode("utf-16-le")
    return " ".join(buf.decode("utf-16-le", errors="replace").split())
