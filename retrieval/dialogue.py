"""Follow-up questions: a per-chat memory of what the last question was about.

`NewsQA.ask` answers one self-contained question.  People in a chat do not ask that way:
after 温县县长是谁 they ask 他1月29日晚去了哪里, 那马村区呢, 还有呢 or 第二点是什么.  A
`Dialogue` decides whether a message is such a follow-up and, if so, asks the service a
standalone question made of the follow-up and what the previous question was about (its
words, minus the date, place or name the follow-up replaces), preferring the previous
answer's article when it answers nearly as well.  It only composes questions and re-orders
the service's hits; ranking and the decision to abstain stay in `NewsQA`.

The CLI's `newsqa chat` and the Telegram bot (one `Dialogue` per chat, kept in a
`Dialogues`) share this code.  Memory is in-process and expires (`MEMORY_SECONDS`).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from . import answers, query
from .model import ArticleInfo
from .service import Answer, Hit, Span

MEMORY_SECONDS = 600.0  # a follow-up after ten quiet minutes is more likely a new subject
PREFER_RATIO = 0.3  # the previous article's hit wins at this share of the top score (0–0.55 alike on tune)
TOPIC_FIRST = True  # prefer hits that open with the follow-up's own words
NEAR = 0.3  # same share as PREFER_RATIO: a hit this close to the best may be chosen for its words (0.05–0.3 alike on tune)
WIDE = 50  # hits of the follow-up's own words searched alone, when the carried words drowned them
POOL = 20  # hits asked for when looking for the previous article among them
NEXT_SENTENCES = 3  # sentences after the last answer where a follow-up pointing back is looked for first
SHOWN_AGAIN = True
LIST_REACH = 24
LIST_ITEMS = (
    20  # a passage opening item 1..this of a list: 还有呢 asks for the next item  # sentences after the previous answer searched for "the Nth item" of its list
)

_CN_DIGITS = "零一二三四五六七八九"
_PUNCT = "?？!！。.,，、~～ 　\t\n"
# Words that point back at something named before.  该 in 应该 and 其 in 其他/其实/尤其
# are ordinary words, not references.
_POINTER = re.compile(r"(?<![其])[他她它]|这|(?<!应)该|(?<![尤极])其(?![他实余])|那(?=[里儿个次位家张篇条天些])")
_MORE = re.compile(r"^(?:那|那么)?(?:还有|另外|其他的?|别的)(?:呢|吗|的呢|什么|哪些|谁)?$")
# 还去了哪里, 还有别的企业捐了吗, 其他项目呢: the same question again, for another answer
# (其他X做了什么 stands alone: 其他 names a group, not "another answer")
_MORE_OF = re.compile(r"^(?:那|那么)?(?:还有别的|还有其他的?|还有|还(?!是|要|在|没|不|会|能|可以)|另外|别的)")
SHORT = 8  # characters: a question this short with nothing named of its own leans on the last one
_ORDINAL = re.compile(
    r"(?:第([一二三四五六七八九十两\d]{1,3})|(头[一1]|首(?=[个点条项位家处站件]))|(最后(?=[一1]|[个点条项位家处站件])[一1]?))"
    r"(?:个|点|条|项|位|家|处|次|要求|件|站)?"
)  # 第二个, 头一点 / 首个 (1), 最后一家 (-1: the last)
# 第五条是啥 at the end of a question of its own: the nth item of the list the rest of it finds
# what asks, in any question: the carried question's asking words go when the follow-up has its own
_ASKS = re.compile(f"{answers.ASKING.pattern}|{answers.ASKS_NAME.pattern}|是不是|吗")
_ALSO_SAID = re.compile(r"还(?:提|说|讲|强调|要求|指出|表示)")  # 他对陈冢沟还提了啥: what the account says next
_THAT_ONE = re.compile(r"那(?:个|些|位|家|里|儿|条|张|篇|次|天|一)[\u4e00-\u9fff]")
_THEN = re.compile(r"后来|然后|接着|之后|随后|接下来")  # 那天他后来又去了哪些地方: the account's next step
_GOES_ON = re.compile(r"(?:随后|之后|然后|接着|此后|后来|当天|当晚|同日|\d{1,2}月\d{1,2}日|\d{1,2}日)")
_IN_DETAIL = re.compile(r"具体|详细|怎么|咋|如何|什么意思|啥意思|包括|哪些")
# 在哪说的 / 谁说的: where the account shown is set, whose it is (news names both where it dates it)
_WHO_WHERE_SAID = re.compile(r"(?:在|是在)?(?:哪|哪里|哪儿|什么地方|何处|哪个地方|谁|哪位|什么人)(?:说|讲|提|强调|表示|要求|指出)")
_STOP = re.compile(r"[。!！?？\n]")  # where a sentence (or a paragraph) ends
# verbs news uses alike for what someone said (他说 / 他要求 / 他强调 …): 他要求疾控中心做啥 is
# answered by 他说,县疾控中心要…
_SAYING = {"说", "要求", "强调", "表示", "指出", "提出", "提到", "谈到", "讲到", "说道", "认为", "称"}
_THAT_DAY = re.compile(r"那天|那一天|当天|当日|这天|这一天|同一天|同一日")
_DAY = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]|\d{1,2}[日号]")
_ORDINAL_ASKED = re.compile(
    r"[,，]?第([一二三四五六七八九十两\d]{1,3})(?:(?:条|点|项|个|件)(?:要求|意见|措施|任务)?|要求|意见)"
    r"(?:是|讲的是|说的是|讲了|说了)?(?:什么|啥|哪个|哪条|哪些)?(?:呢|啊|呀|吗)?$"
)
_DATE = re.compile(
    r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号])?(?:上午|下午|晚上?|早上?|中午|凌晨)?"
    r"|\d{1,2}[日号](?:上午|下午|晚上?|早上?|中午)?|(?<![\w])(?:上午|下午|晚上|当晚|当天)"
)
_PLACE_END = ("省", "市", "区", "县", "镇", "乡", "村", "街道", "社区", "路", "中心", "院", "公司", "站", "场", "馆", "所", "口", "卡点", "超市")
_CLAUSE_TEXT = re.compile(r"[^,，。;；:：!！?？]+")
# 还有别的企业捐了吗 asks for another one, not what this one did; 其他 is no word of its own
_ANOTHER = re.compile(r"别的|其他|其它|另外|另一|其余")
_KIND_AFTER = re.compile(r"等([\u4e00-\u9fff]{1,4})(?=[,，;；。])")  # …城市规划馆等项目: the kind listed
_BACK = "该此这其本"  # 该企业 points back at the one named
_WHICH_COUNT = re.compile(r"哪[一二两三四五六七八九十几\d]+[个位家项条种样件处]?")  # 哪两个: asking, not 两个
_FILLER = re.compile(r"^(?:那么?|还有|再问一下|请问)|(?:呢|吗|啊|呀|的呢)$")


class Asker(Protocol):
    """What a Dialogue needs of NewsQA (a wrapper that delegates will do)."""

    def ask(self, question: str, top_k: int | None = None) -> Answer: ...

    def article(self, article_id: str) -> tuple[ArticleInfo, list[str]] | None: ...


@dataclass(frozen=True)
class Topic:
    """What the last answered question was about."""

    question: str  # the standalone question that was searched
    article_id: str  # the article of its best hit: a follow-up prefers it
    passage: str  # the best hit's text: an ordinal follow-up reads the list after it
    seen: tuple[int, ...]  # passage ids already shown first, skipped by 还有呢
    hits: tuple[Hit, ...]
    at: float


@dataclass(frozen=True)
class Turn:
    """One message's outcome: the service's Answer and how the message was read."""

    answer: Answer
    asked: str  # the standalone question searched (the message itself unless a follow-up)
    follow_up: str | None = None  # "pointer", "ellipsis", "zero", "more", "ordinal", "when" or None
    orphan: bool = False  # a follow-up with nothing to follow: say so instead of guessing
    previous: str | None = None  # the question a follow-up followed (replaying both gives this turn again)


def _bare(text: str) -> str:
    """The message without punctuation, 那…呢 and such fillers: what it says of its own."""
    text = text.strip(_PUNCT)
    for _ in range(2):
        text = _FILLER.sub("", text).strip(_PUNCT)
    return text


def _number(token: str) -> int:
    """第二 -> 2, 第十二 -> 12, 第3 -> 3 (0 when not a number)."""
    if token.isdigit():
        return int(token)
    token = token.replace("两", "二")
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)
    return _CN_DIGITS.index(token) if all(ch in _CN_DIGITS for ch in token) and len(token) == 1 else 0


def _ordinal_value(m: re.Match[str]) -> int:
    """An _ORDINAL match's number: 第二 -> 2, 头一 -> 1, 最后一个 -> -1 (the last), 0 if none."""
    return _number(m.group(1)) if m.group(1) else 1 if m.group(2) else -1


def _chinese(n: int) -> str:
    """2 -> 二, 12 -> 十二: how the corpus numbers the items of a list."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _opens_item(sentence: str, n: int) -> bool:
    """Whether a sentence opens the nth item of a list: 二要…, 第二…, 其二…, (二)…, 2、…"""
    s = sentence.lstrip(" 　\n“\"'‘——")
    cn = _chinese(n)
    starts = (f"{cn}要", f"{cn}是", f"{cn}、", f"{cn}，", f"{cn},", f"第{cn}", f"其{cn}", f"({cn})", f"（{cn}）", f"{n}、", f"{n}.", f"({n})", f"（{n}）")
    return s.startswith(starts)


def _item_number(passage: str) -> int:
    """n when a passage opens the nth item of a list (一要…, 第二…), else 0."""
    return next((n for n in range(1, LIST_ITEMS + 1) if _opens_item(passage, n)), 0)


def _is_place(word: str) -> bool:
    """A place-like word (温县, 马村区, 加油站): a follow-up naming one replaces the previous one's."""
    return len(word) >= 2 and word.endswith(_PLACE_END)


class Dialogue:
    """One chat's memory.  `ask` is safe to call from several threads (one lock)."""

    def __init__(self, memory_seconds: float = MEMORY_SECONDS, prefer_ratio: float = PREFER_RATIO) -> None:
        self.memory_seconds = memory_seconds
        self.prefer_ratio = prefer_ratio
        self._topic: Topic | None = None
        self._lock = threading.Lock()

    @classmethod
    def resumed(cls, qa: Asker, question: str, previous: str | None = None, memory_seconds: float = MEMORY_SECONDS) -> Dialogue:
        """A conversation whose last turn was `question` (itself following `previous`): what a
        reply to an answer card follows, whoever asked that card's question."""
        dialogue = cls(memory_seconds)
        if previous:
            dialogue.ask(qa, previous)
        dialogue.ask(qa, question)
        return dialogue

    def clear(self) -> None:
        """Forget the topic (/new)."""
        with self._lock:
            self._topic = None

    def topic(self, now: float | None = None) -> Topic | None:
        """The current topic, or None once it has expired."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if self._topic is not None and now - self._topic.at > self.memory_seconds:
                self._topic = None
            return self._topic

    # --- reading a message ---------------------------------------------------------

    def kind(self, qa: Asker, question: str) -> str | None:
        """How a message leans on the previous one, or None for a question of its own."""
        text = _fold(qa, question).strip()
        bare = _bare(text)
        if _MORE.match(text.strip(_PUNCT)) or not bare and text.strip(_PUNCT).endswith("呢"):
            return "more"
        m = _ORDINAL.search(bare)
        if m and _ordinal_value(m) and len(_content(qa, bare.replace(m.group(0), ""))) <= 1:
            return "ordinal"
        if _POINTER.search(bare) or _THAT_ONE.match(text):  # 那个村是哪个街道的: 那个 points, it does not switch
            return "pointer"
        rest = _DATE.sub("", bare)
        words = _content(qa, rest)
        if text.strip(_PUNCT).endswith("呢") or text.startswith("那"):
            return "ellipsis"
        if bare and (not words or all(_is_place(w) or _is_name(qa)(w) for w in words)) and (rest != bare or words):
            return "ellipsis"  # a bare date, place or name: 1月31日? 马村区? 毛文明?
        named = _names_any(qa, bare)
        if not named and len(bare) <= SHORT + 2 and _MORE_OF.match(bare):
            return "more"  # 还去了哪里? 还有别的企业捐了吗?
        if not named and len(bare) <= SHORT:
            return "zero"  # 哪天提的? 值守多长时间? 为什么?: the subject is the last question's
        return None

    # --- asking --------------------------------------------------------------------

    def ask(self, qa: Asker, question: str, now: float | None = None, top_k: int | None = None) -> Turn:
        """Answer a message, as a follow-up of the remembered topic when it reads as one."""
        now = time.monotonic() if now is None else now
        topic = self.topic(now)
        said, kind = question, self.kind(qa, question)
        alone: Answer | None = None  # a lost message's own answer (none), kept in case it stays lost
        lost = False  # …and it names something of its own, which the answer then has to hold
        if topic is not None and kind is not None and _THAT_DAY.search(question):
            day = _day_of(qa, topic)  # 那天晚上还去了哪 asks 1月31日晚上还去了哪
            question = _THAT_DAY.sub(day, question, count=1) if day else question
        if kind is None or topic is None:
            # 还有呢 / 第二个 mean nothing alone; 那温县县长是谁呢 may well stand alone
            if kind in ("more", "ordinal"):
                return Turn(Answer(question, False, 0.0), question, kind, orphan=True)
            answer = qa.ask(question, top_k=top_k)
            item = None
            if kind is None and not answer.answered:
                item = self._ordinal_asked(qa, question, top_k)
            elif kind is None and answer.hits and (m := _ORDINAL_ASKED.search(_fold(qa, question).strip(_PUNCT))):
                item = _item_near(qa, answer.hits[0], _number(m.group(1)), question, top_k)
            if item is not None:
                self._remember(item.answer, item.asked, now, kind=None)
                return item
            named = _names_any(qa, _bare(_fold(qa, question)))
            if kind is None and topic is not None and (not named or not answer.answered):
                # 有哪些县领导一同督导 names nothing (no name, place, date or number): in a chat it
                # leans on the last question, whatever it finds alone (kept in case that finds nothing);
                # so does one naming something that nothing answers alone (发热门诊要开多长时间)
                alone, lost = answer, named
                kind = "zero"
            else:
                if kind not in (None, "zero") and not answer.answered:
                    return Turn(answer, question, kind, orphan=True)
                self._remember(answer, question, now, kind=None)
                return Turn(answer, question)
        assert topic is not None
        ordinal = self._ordinal(qa, topic, question, top_k) if kind == "ordinal" else None
        if kind == "ordinal" and ordinal is None:
            kind = "ellipsis"  # 最后一个呢 with no list to count in: the last question, for that one
        if kind == "more":
            turn = self._more(qa, topic, question, top_k)
        elif ordinal is not None:
            turn = ordinal
        elif kind in ("pointer", "zero") and (when := _when_of(qa, topic, question, top_k)) is not None:
            turn = when
        elif (byline := _credit_of_shown(qa, topic, question)) is not None:
            hits = [byline, *topic.hits]
            turn = Turn(_renumber(Answer(question, True, 0.0, hits), hits, top_k, qa), topic.question, kind)
        elif (credited := _credit_named(qa, question, top_k)) is not None:
            turn = Turn(credited, question, kind)
        else:
            asked = compose(qa, topic.question, question, replace_names=kind == "ellipsis")
            own = _own_terms(qa, question)
            told = _told_next(qa, topic, own, question, top_k, kind)
            if told is not None:
                turn = replace(told, asked=asked)
            else:
                answer = qa.ask(asked, top_k=max(top_k or 0, POOL))
                if own and not _holding(qa, answer.hits, own):  # the carried words drowned the new ones
                    answer = _by_own_words(qa, own, asked)
                if not answer.answered and kind in ("pointer", "zero") and alone is None and SHOWN_AGAIN:
                    # 她刚拿了什么称号: nothing answers the words alone, but the account just shown
                    # is what a pointing follow-up is about (half of them are answered by it)
                    answer = Answer(question, True, 0.0, [replace(h, answer=None) for h in topic.hits])  # no span: not what it asked
                turn = Turn(self._prefer(answer, own, topic.article_id, top_k, qa), asked, kind)
                stay = _shown_answers(qa, topic, own, asked, kind, turn.answer)
                if stay is not None:
                    hits = [stay] + [h for h in topic.hits[1:]]
                    turn = Turn(_renumber(Answer(question, True, 0.0, hits), hits, top_k, qa), asked, kind)
        if kind == "zero" and _strange(qa, question, 2 if alone is not None else 3):
            # 红烧肉怎么做 after a question about 马村区: a subject the corpus never names is a
            # new subject, not the last one; the carried words alone would find the last answer
            return Turn(alone if alone is not None else qa.ask(question, top_k=top_k), said)
        if alone is not None and not turn.answer.answered:
            return Turn(alone, said)  # read as a follow-up it finds nothing either
        if lost and not _holding(qa, turn.answer.hits[:1], _own_terms(qa, question)):
            return Turn(alone or turn.answer, said)  # the carried words answered, not its own: no answer
        self._remember(turn.answer, turn.asked, now, kind=turn.follow_up, topic=topic)
        return replace(turn, answer=replace(turn.answer, question=said), previous=topic.question)

    def _remember(self, answer: Answer, asked: str, now: float, *, kind: str | None, topic: Topic | None = None) -> None:
        if not answer.answered or not answer.hits:
            return
        top = answer.hits[0]
        seen = (topic.seen if topic else ()) + (top.passage_id,)  # shown in this conversation: 还有呢 skips them
        with self._lock:
            self._topic = Topic(asked if kind != "more" or topic is None else topic.question, top.article.id, top.text, seen, tuple(answer.hits), now)

    def _prefer(self, answer: Answer, own: list[str], article_id: str, top_k: int | None, qa: Asker) -> Answer:
        """Re-order a follow-up's hits: the follow-up's own words are what it asks about, the
        carried words only set the scene, so the best hit holding all of its own words comes
        first (those holding the most of them, when none holds all; only among hits scoring at
        least NEAR of the best, when any of those does); among those, the previous article's
        best when it scores close to the top one."""
        hits = list(answer.hits)
        if not hits or hits[0].kind == "byline":  # the service answered with a credit: keep it
            return _renumber(answer, hits, top_k, qa)
        # a hit far below the best (马村区's 赵飞琴 line at 2% of 区长杨磊's) is no answer however it opens
        near = [h for h in hits if h.score >= NEAR * hits[0].score]
        holding = _most_held(qa, near, own) or _most_held(qa, hits, own)
        # Chinese puts the topic first: a sentence that opens with the follow-up's words is about
        # them (加油站的车辆来往较多…), one that lists them later only passes by (…、加油站,…).
        topical = [h for h in holding if _opens_with(qa, h.text, own)] if TOPIC_FIRST else []
        pool = topical or holding or hits
        first = pool[0]
        if first.article.id != article_id:
            best = next((h for h in pool if h.article.id == article_id), None)
            if best is not None and best.score >= self.prefer_ratio * first.score:
                first = best
        hits.remove(first)
        hits.insert(0, first)
        return _renumber(answer, hits, top_k, qa)

    def _more(self, qa: Asker, topic: Topic, question: str, top_k: int | None) -> Turn:
        """还有呢: the previous question again, for another answer: the passages not yet shown
        first (nor those showing the last one inside their window), the message's own words
        (企业 in 还有别的企业捐了吗) asked with the previous question."""
        own_text = re.sub(r"^其[他它]的?", "", _MORE_OF.sub("", _bare(_fold(qa, question))))  # 其他的呢: no words of its own
        own = _own_terms(qa, own_text)
        n = _item_number(topic.passage)
        if n:  # the answer shown is the nth item of a list (一要…): the next one
            item = _nth_item(qa, topic.article_id, topic.passage, n + 1, question, top_k)
            if item is not None:
                return replace(item, asked=topic.question, follow_up="more")
        rest = _rest_shown(qa, topic, own, other=bool(_ANOTHER.search(question)))
        if rest is not None:
            hits = [rest] + [h for h in topic.hits if h.passage_id != rest.passage_id]
            answer = Answer(question, True, 0.0, hits)
            return Turn(_renumber(answer, hits, top_k, qa), topic.question, "more")
        asked = compose(qa, topic.question, own_text, replace_names=False) if own else topic.question
        answer = qa.ask(asked, top_k=max(top_k or 0, POOL))
        hits = [h for h in answer.hits if h.passage_id not in topic.seen and topic.passage not in h.text and h.text not in topic.passage]
        answer = replace(answer, answered=answer.answered and bool(hits), hits=hits)
        if own and hits:
            answer = self._prefer(answer, own, topic.article_id, top_k, qa)
        return Turn(_renumber(answer, list(answer.hits), top_k, qa), topic.question, "more")

    def _ordinal_asked(self, qa: Asker, question: str, top_k: int | None) -> Turn | None:
        """李培华讲了好几条，第五条是啥: the rest of the question finds the list, the ordinal its
        item; None when the question has no such ending or the list no such item."""
        folded = _fold(qa, question).strip(_PUNCT)
        m = _ORDINAL_ASKED.search(folded)
        rest = folded[: m.start()].strip(_PUNCT) if m else ""
        if m is None or len(_content(qa, rest)) < 2:
            return None
        first = qa.ask(rest, top_k=top_k)  # answered or not: the item found after its best hit decides
        if not first.hits:
            return None
        top = first.hits[0]
        return _nth_item(qa, top.article.id, top.text, _number(m.group(1)), question, top_k)

    def _ordinal(self, qa: Asker, topic: Topic, question: str, top_k: int | None) -> Turn | None:
        """第二点是什么: the nth item of the list the previous answer is an item of (…分别到A、B和C
        with A marked), else of the list the previous answer opened (一要…), else its nth hit;
        None when none of them exists."""
        m = _ORDINAL.search(_bare(_fold(qa, question)))
        n = _ordinal_value(m) if m else 0
        listed = _listed(qa, topic, n)
        if listed is not None:
            hits = [listed] + [h for h in topic.hits if h.passage_id != listed.passage_id]
            return Turn(_renumber(Answer(question, True, 0.0, hits), hits, top_k, qa), topic.question, "ordinal")
        item = _nth_item(qa, topic.article_id, topic.passage, n, question, top_k) if n else None
        if item is not None:
            return item
        if 0 < n <= len(topic.hits):
            hits = [topic.hits[n - 1]] + [h for i, h in enumerate(topic.hits) if i != n - 1]
            answer = Answer(question, True, 0.0, list(hits))
            return Turn(_renumber(answer, hits, top_k, qa), topic.question, "ordinal")
        return None


def _listed(qa: Asker, topic: Topic, n: int | None) -> Hit | None:
    """The last answer is an item of a list in its passage (第一站 -> 马村街道丽景社区出入卡点 of
    分别到A、B和C): the list's nth item (-1: the last; None: the one after the item marked),
    marked in the same hit; None when the answer is in no list or the list has no such item."""
    if not topic.hits or n == 0 or topic.hits[0].answer is None:
        return None
    hit = topic.hits[0]
    span = hit.answer
    assert span is not None
    lists = answers.enumerations(hit.text)
    within = [e for e in lists if e[0][0] <= span.start < e[-1][1]]
    if not within and _ORDINAL.search(_fold(qa, topic.question)):
        # 第一站是哪里 marked a word of the sentence, not its list: the list of that sentence
        within = [e for e in lists if not _SENTENCE_END.search(hit.text, min(e[0][0], span.start), max(e[0][0], span.start))]
    if not within:
        return None
    items = within[0]
    words = getattr(getattr(qa, "analyzer", None), "tagged_words", None)
    first = answers.items_span(hit.text, items, words)[0] if words is not None else items[0][0]
    bounds = [(first, items[0][1]), *items[1:-1], (items[-1][0], answers.last_item_end(hit.text, items))]
    if n is None:  # the item after the one marked; none when the mark spans several
        at = [i for i, (a, b) in enumerate(bounds) if a < span.end and span.start < b]
        k = at[0] + 1 if len(at) == 1 else len(bounds)
    else:
        k = n - 1 if n > 0 else len(bounds) - 1
    if k >= len(bounds):
        return None
    a, b = bounds[k]
    while a < b and hit.text[a] in _PUNCT + "“”":
        a += 1
    while b > a and hit.text[b - 1] in _PUNCT + "“”":
        b -= 1
    return replace(hit, answer=Span(hit.text[a:b], a, b)) if b > a else None


def _rest_shown(qa: Asker, topic: Topic, own: list[str], other: bool = False) -> Hit | None:
    """还有呢 while the answer shown goes on past its marked span: a list with items after it
    (落实A、B、C和D with A marked); for 还有别的项目吗, or 还有呢 after a list ending 等项目, a
    clause further on that names more of them (…,加快推进两个棚户区改造等项目); for 还看望谁了
    (not asking for `other` ones), what follows the follow-up's words further on. The same hit,
    the rest marked; None otherwise."""
    if not topic.hits:
        return None
    hit = topic.hits[0]
    end = hit.answer.end if hit.answer is not None else 0
    rest: tuple[int, int] | None = None
    folded = _fold(qa, hit.text)
    for items in answers.enumerations(hit.text):
        if _SENTENCE_END.search(hit.text, end, items[0][0]):
            break  # a list of the next sentence is about something else (该区领导王峰、孙振清…)
        after = [(a, b) for a, b in items if a >= end]
        if not after:
            continue
        words = getattr(getattr(qa, "analyzer", None), "tagged_words", None)
        if len(after) < len(items) or words is None:  # …葛向东等一同督导: the list ends at 等
            rest = (after[0][0], answers.last_item_end(hit.text, items))
        else:  # the whole list follows the span: without the words that introduce it
            rest = answers.items_span(hit.text, items, words)
        break
    start = hit.answer.start if hit.answer is not None else 0
    listed = [m for m in _KIND_AFTER.finditer(folded, start) if m.start() <= end]
    if rest is None and not own and listed:
        own, end = [listed[-1].group(1)], listed[-1].end()  # …城市规划馆等项目 marked: 还有呢 asks for more 项目
    if rest is None and own:
        # A等项目 names more of the kind; 该企业 only points back at the one shown
        at = min((i + 1 for i in (folded.find("等" + w, end) for w in own) if i >= 0), default=-1)
        if at >= 0:
            clause = list(_CLAUSE_TEXT.finditer(hit.text))
            rest = next(((m.start(), m.end()) for m in clause if m.start() <= at < m.end()), None)
    if rest is None and own and not other:
        rest = _said_after(folded, end, own)
    if rest is None:
        return None
    a, b = rest
    while a < b and hit.text[a] in _PUNCT + "“”要是对在":
        a += 1
    while b > a and hit.text[b - 1] in _PUNCT + "“”":
        b -= 1
    return replace(hit, answer=Span(hit.text[a:b], a, b)) if b - a >= 2 else None


def _said_after(folded: str, end: int, own: list[str]) -> tuple[int, int] | None:
    """还看望谁了 / 还有别的要求吗: the passage shown goes on, after its marked answer, with the
    follow-up's words (…,看望慰问一线医护人员): what follows them in their sentence. Not
    when the words point back (该企业 is the one shown, not another)."""
    at = -1
    for w in own:
        i = folded.find(w, end)
        while i > 0 and folded[i - 1] in _BACK:
            i = folded.find(w, i + 1)
        if i < 0:
            return None
        at = max(at, i + len(w))
    stop = _SENTENCE_END.search(folded, at)
    b = stop.start() if stop else len(folded)
    return (at, b) if b - at >= 2 else None


def _sentences_from(qa: Asker, article_id: str, passage: str) -> tuple[list[str], int] | None:
    """The article's sentences and the index of the first one `passage` shows."""
    found = qa.article(article_id)
    if found is None:
        return None
    sentences = [s.strip() for s in found[1]]
    start = next((i for i, s in enumerate(sentences) if s and s in passage or passage in s), None)
    return None if start is None else (sentences, start)


def _card_of(qa: Asker, sentence: str, question: str, top_k: int | None, kind: str) -> Turn | None:
    """The hit showing `sentence`, as the card answering `question` (the sentence itself
    finds its own passage first), or None when it does not."""
    answer = qa.ask(sentence, top_k=top_k)
    if answer.hits and sentence in answer.hits[0].text:
        return Turn(replace(answer, question=question), sentence, kind)
    return None


def _nth_item(qa: Asker, article_id: str, passage: str, n: int, question: str, top_k: int | None) -> Turn | None:
    """The sentence opening the nth item (五要…, 第五…; n = -1: the last) among those following
    `passage` in its article, answered as the card for `question`; None when the list has no
    such item."""
    found = _sentences_from(qa, article_id, passage)
    if found is None:
        return None
    sentences, start = found
    following = sentences[start : start + 1 + LIST_REACH]
    if n < 0:  # 最后一条: the last of the items numbered on from the one shown (or from 一)
        k, last = max(_item_number(passage), 1), None
        for s in following:
            if _opens_item(s, k):
                k, last = k + 1, s
        return _card_of(qa, last, question, top_k, "ordinal") if last is not None and k > 2 else None
    for s in following:
        if _opens_item(s, n):
            return _card_of(qa, s, question, top_k, "ordinal")
    return None


def _item_near(qa: Asker, top: Hit, n: int, question: str, top_k: int | None) -> Turn | None:
    """温县经济运行调度会的第七项要求是什么, answered by a sentence inside that list (explaining
    its second item): the list's nth item nearest the answer, in its article; None when the
    answer is that item already or no list around it has one."""
    found = _sentences_from(qa, top.article.id, top.text)
    if n <= 0 or found is None or _item_number(top.text) == n:
        return None
    sentences, start = found
    near = [i for i in range(max(0, start - LIST_REACH), min(len(sentences), start + LIST_REACH + 1)) if _opens_item(sentences[i], n)]
    if not near:
        return None
    return _card_of(qa, sentences[min(near, key=lambda i: abs(i - start))], question, top_k, "ordinal")


def _told_next(qa: Asker, topic: Topic, own: list[str], question: str, top_k: int | None, kind: str) -> Turn | None:
    """The account shown goes on in the sentences after it, and a follow-up often asks about
    what comes next: 他说卡点要对车辆咋查 (他说, …); 那卫生院呢 after 为啥说加油站是重要环节
    (…加油站…。老年人是易感染人群,卫生院…); 具体咋办 / 包括哪些要素 after a list item's heading
    (七要抓好应急调整工作。要…); 后来又去了哪 (随后, …). Within the next NEXT_SENTENCES of its
    article: after a heading, the sentence explaining it when the follow-up asks in detail or
    that sentence holds one of its words; for 后来/然后, the first sentence going on in time;
    else the first holding all of the follow-up's own words (a pointer or a subjectless
    follow-up needs two: one is too little to go on). None otherwise."""
    found = _sentences_from(qa, topic.article_id, topic.passage)
    if found is None:
        return None
    sentences, start = found
    following = [s for s in sentences[start + 1 : start + 1 + NEXT_SENTENCES] if s and s not in topic.passage]
    if not following:
        return None
    if kind != "ellipsis" and _item_number(topic.passage):
        if _IN_DETAIL.search(question) or any(_holds(_fold(qa, following[0]), w) for w in own):
            return _card_of(qa, following[0], question, top_k, kind)
    if kind != "ellipsis" and _THEN.search(question):
        s = next((s for s in following if _GOES_ON.match(s)), None)
        if s is not None:
            return _card_of(qa, s, question, top_k, kind)
    if not own or len(own) < (1 if kind == "ellipsis" or _ALSO_SAID.search(question) else 2):
        return None  # one word is too little to go on, unless 还提了啥 asks what the account says next
    s = next((s for s in following if all(_holds(_fold(qa, s), w) for w in own)), None)
    return _card_of(qa, s, question, top_k, kind) if s is not None else None


def _credit_of_shown(qa: Asker, topic: Topic, question: str) -> Hit | None:
    """这篇是谁写的 / 那张照片谁拍的: a follow-up asking a credit and naming nothing else asks for
    the byline of the article just shown; None otherwise, or when its byline does not say."""
    credit = getattr(qa, "credit", None)
    folded = _fold(qa, _bare(question))
    if credit is None or not topic.hits or not query.asks_credit(folded):
        return None
    if any(not query.is_credit_term(w) and not _POINTER.fullmatch(w) for w in _own_terms(qa, question)):
        return None  # 宗家桢慰问困难群众那篇是谁写的 names another piece
    found: Hit | None = credit(topic.hits[0], question)
    return found


def _credit_named(qa: Asker, question: str, top_k: int | None) -> Answer | None:
    """宗家桢慰问困难群众那篇是谁写的: a credit question naming its own piece is answered alone
    (the last question's words would name the last piece); None unless a byline answers it."""
    if not query.asks_credit(_fold(qa, _bare(question))):
        return None
    answer = qa.ask(question, top_k=top_k)
    return answer if answer.answered and answer.hits and answer.hits[0].kind == "byline" else None


def _shown_answers(qa: Asker, topic: Topic, own: list[str], asked: str, kind: str | None, found: Answer) -> Hit | None:
    """他是在什么会上讲的 / 对它有什么要求: a follow-up pointing back (or naming no subject) whose
    own words the passage just shown holds asks about that passage, whatever else holds the
    words better. Not when it shows them only as items of a list (…、区人民医院和… passes by
    the hospital; 在区人民医院他说了什么 asks where the account is about it), nor for a credit,
    nor without words of its own (为什么 alone); a verb of saying need not be the passage's
    (要求 / 说 / 强调). The passage, answered for the follow-up."""
    if kind not in ("pointer", "zero") or not own or not topic.hits:
        return None
    hit = topic.hits[0]
    top = found.hits[0] if found.answered and found.hits else None
    if top is not None and (top.kind == "byline" or top.passage_id == hit.passage_id):
        return None
    text = _fold(qa, hit.text)
    lists = [(e[0][0], answers.last_item_end(text, e)) for e in answers.enumerations(text)]

    def listed(w: str) -> bool:  # every mention of w is inside a list
        at = [m.start() for m in re.finditer(re.escape(w), text)]
        return bool(at) and all(any(a <= i < b for a, b in lists) for i in at)

    own = [w for w in own if w not in _SAYING] or own  # 他要求…做啥 is answered by 他说,…
    if not all(_holds(text, w) for w in own) or any(listed(w) for w in own):
        return None
    reanswer = getattr(qa, "reanswer", None)
    return reanswer(asked, hit) if reanswer is not None else replace(hit, answer=None)


def _when_of(qa: Asker, topic: Topic, question: str, top_k: int | None) -> Turn | None:
    """哪天说的 / 这是哪天的事 (or 在哪说的, 谁说的): a follow-up asking only when the last answer happened. News
    dates an event once, in the sentence that opens its account (1月27日上午, 李培华… then
    sentences without a date), so the answer is the nearest sentence at or before the last
    answer, in its article, that names a date. None when the follow-up asks anything else
    (words the last answer does not hold) or no such sentence exists."""
    asked = answers.expected(_fold(qa, question)).kind
    said = asked in (answers.PLACE, answers.NAME) and _WHO_WHERE_SAID.search(_fold(qa, question))
    if asked != answers.DATE and not said:
        return None
    shown = _fold(qa, topic.passage)
    if any(w not in shown and not _POINTER.match(w) for w in _own_terms(qa, question)):
        return None  # 这是, 这个 point back; any other word the last answer lacks asks something else
    found = _sentences_from(qa, topic.article_id, topic.passage)
    if found is None:
        return None
    sentences, start = found
    for i in range(start, -1, -1):
        if i == start and not _DATE.search(sentences[i]):
            # the last answer may show several sentences: a date before its answer is the answer
            # (one after it opens the next account: …身体健康。\n1月31日,毛文明到…)
            shown_dated = _last_date_before(topic)
            if shown_dated:
                turn = Turn(Answer(question, True, 0.0, list(topic.hits)), topic.question, "when")
                return _dated(turn, shown_dated.group(0)) if asked == answers.DATE else _reanswered(qa, turn, question)
            continue
        m = _DATE.search(sentences[i])
        if m:
            found_turn = _card_of(qa, sentences[i], question, top_k, "when")
            if found_turn is None:
                return None
            return _dated(found_turn, m.group(0)) if asked == answers.DATE else _reanswered(qa, found_turn, question)
    return None


def _last_date_before(topic: Topic) -> re.Match[str] | None:
    """The date of the last dated sentence of the passage shown up to the sentence its answer
    (or the question's first word marked) is in; all of it when nothing is marked. A date
    after that opens the next account (…身体健康。\n1月31日,毛文明到…)."""
    hit = topic.hits[0] if topic.hits else None
    text = topic.passage
    end = len(text)
    if hit is not None and hit.text == text:
        starts = [a for a, _ in hit.marks] + ([hit.answer.start] if hit.answer is not None else [])
        if starts:
            stop = _STOP.search(text, min(starts))
            end = stop.end() if stop else len(text)
    found = list(_DATE.finditer(text, 0, end))
    if not found:
        return None
    # the first date of the sentence naming the last one: 1月23日至2月3日 is dated 1月23日
    opens = max((m.end() for m in _STOP.finditer(text, 0, found[-1].start())), default=0)
    return next(m for m in found if m.start() >= opens)


def _reanswered(qa: Asker, turn: Turn, question: str) -> Turn:
    """The card answered for 在哪说的 / 谁说的: the place or the person the account opens with
    marked, as the service would mark it."""
    reanswer = getattr(qa, "reanswer", None)
    hits = list(turn.answer.hits)
    if reanswer is not None and hits:
        hits[0] = reanswer(question, hits[0])
    return replace(turn, answer=replace(turn.answer, hits=hits))


def _day_of(qa: Asker, topic: Topic) -> str | None:
    """The day the last answer is about (那天, 当天): the first date it shows, else the date of
    the sentence opening its account (as for 哪天说的), without the time of day."""
    m = _DATE.search(topic.passage)
    if m is None:
        found = _sentences_from(qa, topic.article_id, topic.passage)
        if found is not None:
            sentences, start = found
            m = next((d for d in (_DATE.search(s) for s in reversed(sentences[: start + 1])) if d), None)
    if m is None:
        return None
    day = _DAY.match(m.group(0))
    return day.group(0) if day else None


def _dated(turn: Turn, date: str) -> Turn:
    """The card with its date as the answer span."""
    hits = list(turn.answer.hits)
    if hits and date in hits[0].text:
        at = hits[0].text.index(date)
        hits[0] = replace(hits[0], answer=Span(date, at, at + len(date)))
    return replace(turn, answer=replace(turn.answer, hits=hits))


def _names_any(qa: Asker, bare: str) -> bool:
    """Whether a message names a date, a place, a name or a number of its own (温县经济的GDP
    是多少 does; 哪些县领导跟着一起 does not)."""
    rest = _DATE.sub("", bare)
    return rest != bare or any(_is_place(w) or _is_name(qa)(w) for w in _content(qa, rest)) or any(ch.isdigit() for ch in rest)


def _fold(qa: Asker, text: str) -> str:
    """The text as the analyzer reads it (Simplified, digits), so 還有呢 reads as 还有呢."""
    analyzer = getattr(qa, "analyzer", None)
    return analyzer.fold(text) if analyzer is not None else text


def _content(qa: Asker, text: str) -> list[str]:
    """The message's search terms (the service's analyzer when it has one)."""
    analyzer = getattr(qa, "analyzer", None)
    if analyzer is None or not text.strip():
        return [w for w in re.split(r"\W+", text) if w]
    return [w for w in analyzer.tokens(text) if not _ORDINAL.fullmatch(w)]


_RANGE = "至到-—~～"
_CLAUSE = re.compile(r"[,，;；:：。!！?？]")
_SENTENCE_END = re.compile(r"(?<=[。!！?？])")


def _opens_with(qa: Asker, text: str, own: list[str]) -> bool:
    """Whether one of the follow-up's own terms is in the first clause of a sentence of the hit
    (a hit may show a neighbour before the sentence that opens with them)."""
    for sentence in _SENTENCE_END.split(_fold(qa, text)):
        folded = re.sub(r"^本报讯\s*", "", sentence.lstrip(' 　—“"\n'))
        first = _CLAUSE.split(folded, maxsplit=1)[0]
        if any(_holds(first, w) for w in own):
            return True
    return False


def _holds(text: str, term: str) -> bool:
    """Whether folded text holds a term; a date counts only outside a range (1月23日至2月3日
    is not about 2月3日)."""
    if not _DATE.fullmatch(term):
        return term in text
    i = text.find(term)
    while i >= 0:
        before, after = text[i - 1 : i] if i else "", text[i + len(term) : i + len(term) + 1]
        if before not in _RANGE or not before:
            if after not in _RANGE or not after:
                return True
        i = text.find(term, i + 1)
    return False


def _holding(qa: Asker, hits: list[Hit], own: list[str]) -> list[Hit]:
    """The hits whose text holds every one of the follow-up's own terms."""
    return [h for h in hits if all(_holds(_fold(qa, h.text), w) for w in own)]


def _most_held(qa: Asker, hits: list[Hit], own: list[str]) -> list[Hit]:
    """The hits holding every one of the follow-up's own terms; failing that, those holding the
    most of them (a date counting double: 他1月23日去了哪里检查 is about that day, whatever
    verb the passage uses). A place counts as held by a passage of an article that names it:
    news names the place once and then says 全区, 该县."""
    if not own:
        return []
    articles: dict[str, str] = {}

    def in_article(h: Hit) -> str:
        if h.article.id not in articles:
            found = qa.article(h.article.id)
            articles[h.article.id] = _fold(qa, h.article.title + "".join(found[1])) if found else ""
        return articles[h.article.id]

    def weight(h: Hit) -> int:
        text = _fold(qa, h.text)
        return sum((2 if _DATE.fullmatch(w) else 1) for w in own if _holds(text, w) or _is_place(w) and w in in_article(h))

    weights = {id(h): weight(h) for h in hits}
    best = max(weights.values(), default=0)
    return [h for h in hits if weights[id(h)] == best] if best > 0 else []


def _by_own_words(qa: Asker, own: list[str], asked: str) -> Answer:
    """The follow-up's own words searched alone (widely), the hits holding them ordered by how
    many of the carried words they also hold: 那马村区呢 after 温县县委书记是谁 finds 马村区's
    书记, which the carried 县委书记 alone would never let through."""
    answer = qa.ask(" ".join(own), top_k=WIDE)
    carried = {w for w in _content(qa, asked) if len(w) > 1 and w not in own}
    holding = _holding(qa, answer.hits, own)
    if not holding:
        return answer
    best = max(holding, key=lambda h: (sum(w in _fold(qa, h.text) for w in carried), -answer.hits.index(h)))
    return replace(answer, hits=[best] + [h for h in answer.hits if h is not best])


def _strange(qa: Asker, message: str, shortest: int) -> bool:
    """Whether a message's words of `shortest`+ characters, asking words aside, are all ones
    the corpus never uses (红烧肉怎么做): it is about something else, not the last subject. A
    short message's two-character words are mostly how people talk (拿去干嘛), not subjects."""
    vocab = getattr(getattr(qa, "index", None), "vocab", None)
    words = [w for w in _content(qa, answers.ASKING.sub(" ", _fold(qa, _bare(message)))) if len(w) >= shortest]
    return vocab is not None and bool(words) and not any(w in vocab for w in words)


def _own_terms(qa: Asker, follow_up: str) -> list[str]:
    """What the follow-up itself asks about: its dates and its words the corpus knows."""
    analyzer = getattr(qa, "analyzer", None)
    own = analyzer.fold(_bare(follow_up)) if analyzer is not None else _bare(follow_up)
    own = answers.ASKING.sub(" ", _WHICH_COUNT.sub(" ", own))  # 值守多长时间: 时间 is how it asks, 值守 what it asks about
    dates = [re.sub(r"(?<=\d)号", "日", m.group(0)) for m in _DATE.finditer(own)]  # 1月23号 is written 1月23日
    vocab = getattr(getattr(qa, "index", None), "vocab", None)
    # single characters (去, 说) are too weak to insist on: the passage may say 到, 表示
    words = [w for w in _content(qa, _DATE.sub(" ", own)) if len(w) > 1 and (vocab is None or w in vocab) and not _ANOTHER.fullmatch(w)]
    return dates + words


def compose(qa: Asker, previous: str, follow_up: str, *, replace_names: bool = True) -> str:
    """A standalone question: the follow-up's own words, then the previous question's, without
    the date, place or name the follow-up replaces (那马村区呢 after 温县县委书记是谁 asks
    马村区 … 县委书记是谁) and without its pointing words (他, 这, 那…呢)."""
    own = _bare(_fold(qa, follow_up))
    words = _content(qa, own)
    carried = _fold(qa, previous)
    if _ASKS.search(own):  # 他去了哪里 after 县长是谁 asks a place, not a name: one question word
        carried = _ASKS.sub(" ", carried)
    if _DATE.search(own):
        carried = _DATE.sub("", carried)
    for kind in (_is_place, _is_name(qa)) if replace_names else (_is_place,):
        if any(kind(w) for w in words):
            for w in sorted((w for w in _content(qa, carried) if kind(w)), key=len, reverse=True):
                if w not in carried:
                    continue
                carried = carried.replace(w, "")
                if kind is _is_place:
                    carried = _shift_level(carried, w, max((x for x in words if _is_place(x)), key=len))
    return f"{own} {carried.strip(_PUNCT)}".strip()


_LEVELS = "省市县区镇乡村"
_OFFICE = "委|长|政府|人大|政协|纪委|领导"


def _shift_level(carried: str, old: str, new: str) -> str:
    """Offices are named after their level: after 温县县委书记是谁, 那马村区呢 asks for the
    区委书记 (县长 -> 区长, 副县长 -> 副区长), since a 区 has no 县委."""
    was, now = old[-1], new[-1]
    if was == now or was not in _LEVELS or now not in _LEVELS:
        return carried
    return re.sub(rf"{was}(?={_OFFICE})", now, carried)


def _is_name(qa: Asker) -> Callable[[str], bool]:
    """A predicate for names (people, organizations) as the service's analyzer tags them."""
    analyzer = getattr(qa, "analyzer", None)

    def named(word: str) -> bool:
        return analyzer is not None and len(word) >= 2 and not _is_place(word) and analyzer.has_name(word)

    return named


def _renumber(answer: Answer, hits: list[Hit], top_k: int | None, qa: Asker) -> Answer:
    """The hits in their new order, ranked from 1, cut to the service's usual depth."""
    k = top_k if top_k is not None else getattr(getattr(qa, "search", None), "top_k", 5)
    kept = [replace(h, rank=i) for i, h in enumerate(hits[:k], start=1)]
    return replace(answer, hits=kept)


class Dialogues:
    """One Dialogue per chat (any hashable key), forgetting chats idle past the memory."""

    def __init__(self, memory_seconds: float = MEMORY_SECONDS) -> None:
        self.memory_seconds = memory_seconds
        self._chats: dict[Hashable, tuple[Dialogue, float]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, now: float | None = None) -> Dialogue:
        """The chat's Dialogue, created on first use; idle chats are swept when there are many."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._chats) > 1024:  # sweep idle chats so memory follows active ones
                self._chats = {k: v for k, v in self._chats.items() if now - v[1] <= self.memory_seconds}
            dialogue = self._chats.get(key, (Dialogue(self.memory_seconds), now))[0]
            self._chats[key] = (dialogue, now)
            return dialogue

    def put(self, key: Hashable, dialogue: Dialogue, now: float | None = None) -> None:
        """Make `dialogue` the chat's conversation (a reply to an older answer continues from it)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._chats[key] = (dialogue, now)

    def clear(self, key: Hashable) -> None:
        """/new: forget the chat's topic."""
        with self._lock:
            entry = self._chats.pop(key, None)
        if entry:
            entry[0].clear()

    def __len__(self) -> int:
        return len(self._chats)


# --- measuring -------------------------------------------------------------------------


def score_dialogues(qa: Asker, dialogues: list[dict[str, Any]], half: str | None = None) -> dict[str, bool]:
    """For each dialogue (optionally one half), whether every follow-up turn's top hit holds a
    gold answer, each conversation run through its own Dialogue as a chat would."""
    from .service import answer_matches

    out: dict[str, bool] = {}
    for d in dialogues:
        if half is not None and d.get("half") != half:
            continue
        dialogue, ok = Dialogue(), True
        for i, t in enumerate(d["turns"]):
            turn = dialogue.ask(qa, t["q"], now=float(i))
            hit = turn.answer.hits[0] if turn.answer.answered and turn.answer.hits else None
            if i > 0 and not (hit and answer_matches(hit.text, t["answers"])):
                ok = False
        out[d["id"]] = ok
    return out


def score_follow_ups(qa: Asker, dialogues: list[dict[str, Any]], half: str | None = None) -> list[bool]:
    """Whether each follow-up turn (the second and third of a dialogue) gets a top hit holding a
    gold answer: the per-message figure, where `score_dialogues` needs every turn of a dialogue."""
    from .service import answer_matches

    out: list[bool] = []
    for d in dialogues:
        if half is not None and d.get("half") != half:
            continue
        dialogue = Dialogue()
        for i, t in enumerate(d["turns"]):
            turn = dialogue.ask(qa, t["q"], now=float(i))
            hit = turn.answer.hits[0] if turn.answer.answered and turn.answer.hits else None
            if i > 0:
                out.append(bool(hit and answer_matches(hit.text, t["answers"])))
    return out


def _main(argv: list[str] | None = None) -> int:
    """python -m retrieval.dialogue DIALOGUES.jsonl [--verbose]: follow-ups answered, per half."""
    import json
    import sys

    from .config import load_config
    from .service import NewsQA

    args = sys.argv[1:] if argv is None else argv
    with open(args[0], encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    qa = NewsQA.from_config(load_config(None))
    for half in ("tune", "heldout"):
        got = score_dialogues(qa, rows, half)
        turns = score_follow_ups(qa, rows, half)
        print(
            f"{half}: {sum(got.values())}/{len(got)} = {sum(got.values()) / max(len(got), 1):.3f} dialogues;"
            f" follow-ups {sum(turns)}/{len(turns)} = {sum(turns) / max(len(turns), 1):.3f}"
        )
        if "--verbose" in args:
            for key, ok in got.items():
                if not ok:
                    print("  miss", key)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
