"""Answer passages: the sentence found, together with the neighbour it depends on.

BM25 finds the sentence that shares the question's words, but in news that sentence
often does not hold the answer alone: it refers back (这是该区的果断态度, 此举…), it is
the question of an interview (问:…?) whose answer follows, it announces a list
(提出四点要求:) whose items follow, a demand it reports goes on in the next sentence, or
it says who said the quotation before it. These are patterns of written Chinese, not of any
one corpus, so the shown passage takes in that neighbour. Ranking is not changed:
the index still scores single sentences; only what a hit shows (and the answer found
in it) grows, by at most one sentence on each side.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .text import CLOSERS, OPENERS
from .tokenizer import simplified_chars

# A sentence that opens by pointing back at what came before: its antecedent is in the
# previous sentence (该区/此举/这一/其中/上述/对此/为此; 他/她/它 as a subject).
_REFERS_BACK = re.compile(
    r"(?:在|从|对|与|和|据|由|但|而|并|且|同时|因此|所以|不过)?"  # a connective may come first: 在这之前, 但该…
    r"(?:该|此(?!前|后|外|时|刻|次)|这(?!里|儿|时|天)|其(?!他|它|实|余|次)|上述|以上|前述|对此|为此|"
    r"他们|她们|它们|他(?!人|乡)|她|它)"
)
# A question written in the text (an interview's 问:, or a rhetorical question): the answer
# is the next sentence.
_ASKS = re.compile(r"(?:^|\n)\s*(?:问|记者|主持人|Q)\s*[:：]|[?？][" + re.escape(CLOSERS) + r"]*\s*$")
# A sentence that announces what follows: ends with a colon, or says 如下/以下.
_ANNOUNCES = re.compile(r"[:：][" + re.escape(CLOSERS) + r"]*\s*$|(?:如下|以下)[^,，。]{0,6}[。:：]?\s*$")
# Reported speech going on (毛文明要求,要落实好…。要诚信经营…): a sentence that reports a demand
# opening with 要, and a next sentence opening with 要 again, which is the same speaker's next point.
# A numbered point's heading (三要抓好改革服务工作。 二是…。 (四)…。): a short sentence whose
# content, what the point actually says, is the next sentence.
_HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]{1,2}(?:是|要(?!素)|、)|第[一二三四五六七八九十]{1,2}[,，、是]|[（(][一二三四五六七八九十]{1,2}[)）])")
HEADING_CHARS = 30  # longer, the sentence says its point itself
_SPEECH = re.compile(r"(?:要求|强调|指出|表示|提出|说)[,，:：]\s*要")
_GOES_ON = re.compile(r"(?:同时|还|并|更|也)?要")
_ANSWER_LABEL = re.compile(r"\s*(?:答|A)\s*[:：]")

MAX_WINDOW_CHARS = 240  # a neighbour is taken in only while the whole stays a passage, not a page


def refers_back(sentence: str) -> bool:
    """Whether a sentence opens with a word that points at the previous sentence."""
    return bool(_REFERS_BACK.match(simplified_chars(sentence.lstrip().lstrip(OPENERS)[:4])))


def leads_on(sentence: str) -> bool:
    """Whether a sentence is a question or an announcement whose content is the next sentence."""
    s = simplified_chars(sentence.rstrip())
    return bool(_ASKS.search(s) or _ANNOUNCES.search(s) or (len(s) <= HEADING_CHARS and _HEADING.match(s)))


def speech_goes_on(sentence: str, following: str) -> bool:
    """Whether the next sentence is the next point of a demand the sentence reports (…要求,要…。要…)."""
    return bool(_SPEECH.search(simplified_chars(sentence))) and bool(_GOES_ON.match(simplified_chars(following.lstrip()[:3])))


# A quotation standing alone, then who said it and where (“…一定要测量体温。”在丽景社区出入卡点,
# 宗家桢说,“…”): the news lead's quote is the speaker's, said at the place the next sentence names.
_QUOTE_ALONE = re.compile(r"^\s*[“「『]?[^“”「」『』]+[”」』]\s*$")  # a quotation, or its last sentence
_ATTRIBUTION = re.compile(r"^[^“\"「。!?！？]{0,20}?(?:说|表示|强调|指出|要求|叮嘱)")


def said_before(sentence: str, previous: str) -> bool:
    """Whether the previous sentence is a quotation (or its last sentence) standing alone, which
    this sentence attributes (…宗家桢说)."""
    return bool(_QUOTE_ALONE.match(previous)) and bool(_ATTRIBUTION.match(simplified_chars(sentence.lstrip())))


def is_answer(sentence: str) -> bool:
    """Whether a sentence is labelled as the answer of an interview (答:)."""
    return bool(_ANSWER_LABEL.match(simplified_chars(sentence[:4])))


def window(sentences: list[str], i: int, completes: Callable[[int, int], bool] | None = None) -> tuple[int, int]:
    """The answer passage around sentence i of a run of neighbouring sentences: (first, last)
    indexes, inclusive. Takes in the previous sentence when i refers back to it, answers it
    or says who said it (a quotation), and the next one when i leads on to it, the next
    refers back to i (该标志被评为第三名 continues the sentence that named the emblem), goes
    on with the demand i reports or says who said i (a quotation); never more than one on
    each side.
    With neither, `completes(i, j)` may still take in the neighbour j that holds what the
    question asks and sentence i lacks (the service's question-aware rule)."""
    first = last = i
    size = len(sentences[i])
    if i > 0 and (refers_back(sentences[i]) or said_before(sentences[i], sentences[i - 1]) or (is_answer(sentences[i]) and leads_on(sentences[i - 1]))):
        if size + len(sentences[i - 1]) <= MAX_WINDOW_CHARS:
            first = i - 1
            size += len(sentences[i - 1])
    if i + 1 < len(sentences) and (
        leads_on(sentences[i]) or refers_back(sentences[i + 1]) or speech_goes_on(sentences[i], sentences[i + 1]) or said_before(sentences[i + 1], sentences[i])
    ):
        if size + len(sentences[i + 1]) <= MAX_WINDOW_CHARS:
            last = i + 1
    if completes is not None and first == last == i:
        for j in (i + 1, i - 1):
            if 0 <= j < len(sentences) and size + len(sentences[j]) <= MAX_WINDOW_CHARS and completes(i, j):
                return min(i, j), max(i, j)
    return first, last
