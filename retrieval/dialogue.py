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
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from . import answers
from .account import (
    FIRST_OF,
    asks_headline,
    companions,
    credit_named,
    credit_of_shown,
    day_of,
    day_shifted,
    item_near,
    listed_item,
    nth_item,
    pieces_by,
    range_day,
    rest_said,
    rest_shown,
    said_there,
    shown_answers,
    shown_holding,
    title_of,
    told_next,
    when_of,
    which_item,
)
from .conversation import (
    ANOTHER,
    DATE,
    MORE,
    MORE_OF,
    ORDINAL,
    POINTER,
    PUNCT,
    SAYING,
    SHORT,
    Asker,
    Topic,
    Turn,
    article_text,
    asks_itself,
    bare_of,
    compose,
    content,
    fold_of,
    hits_holding,
    is_chatter,
    is_name,
    is_place,
    item_number,
    most_held,
    names_any,
    opens_with,
    ordinal_number,
    ordinal_value,
    own_terms,
    strange,
)
from .service import SELF_ANSWERING, Answer, Hit

__all__ = [
    "MEMORY_SECONDS",
    "Asker",
    "Dialogue",
    "Dialogues",
    "ScoredTurn",
    "Topic",
    "Turn",
    "compose",
    "score_dialogues",
    "score_follow_ups",
    "scored_turns",
]

MEMORY_SECONDS = 600.0  # a follow-up after ten quiet minutes is more likely a new subject
PREFER_RATIO = 0.3  # the previous article's hit wins at this share of the top score (0–0.55 alike on tune)
TOPIC_FIRST = True  # prefer hits that open with the follow-up's own words
TOPICAL_SHARE = 0.5  # …scoring at least this share of the first hit holding them (tune: 0.3-0.45 +0/+1, 0.5 +3, 0.55 −1, 0.6 −3, 0.7 −2, 0.8 +0)
NEAR = 0.3  # same share as PREFER_RATIO: a hit this close to the best may be chosen for its words (0.05–0.3 alike on tune)
WIDE = 50  # hits of the follow-up's own words searched alone, when the carried words drowned them
POOL = 20  # hits asked for when looking for the previous article among them
TIE_MARGIN = 0.05  # a question of its own prefers the discussed article's hit this close to the best (0.02–0.1 alike on tune, 0.2 loses one)
TIE_DEPTH = 3  # …when it is the 2nd or 3rd hit
MIN_HELD = 2  # words of its own a standalone question needs, all in the passage shown, to be asked of it
STAY = 0.7  # a leaning follow-up leaves the discussed article's first hit only for one scoring this share of it (0.6-0.8 alike on tune)
_EXISTENTIAL = re.compile(r"(?:还|都|又|也)?有(?=哪|什么|啥|谁|多少|几|没有)")  # 有哪些企业捐了款: 有 brings in a subject of its own (not 有关)
SHOWN_AGAIN = True  # a pointing follow-up nothing answers shows the account shown again, unmarked
_THAT_ONE = re.compile(r"那(?:个|些|位|家|里|儿|条|张|篇|次|天|一)[\u4e00-\u9fff]")
_PERSON_POINTER = re.compile(r"[他她]们?|这些人|这几户|这两家|他俩|她俩")  # pointing at people
_THAT_DAY = re.compile(r"那天|那一天|当天|当日|这天|这一天|同一天|同一日")
# 后一天呢 / 次日去了哪 / 前一天呢: the day after or before the last answer's (第二天 is left
# out: after 从哪天到哪天 it is as often the range's second day)
_NEXT_DAY = re.compile(r"(?<!最)后一天|后一日|次日|翌日|隔天|转天")
# 第一天 / 一开始 / 最后一天: the first or last day of the span the account shown covers
_FIRST_DAY = re.compile(r"第[一1]天|头[一1]天|首日|[一1]开始|最开始|刚开始|起初")  # read folded: 一 may be 1
_LAST_DAY = re.compile(r"最后[一1]天|最后那天|最末[一1]天")
_DAY_BEFORE = re.compile(r"前一天|前一日")
# 日期呢 / 时间呢 / 哪天呢: an ellipsis asking only when, of the account shown (as 哪天说的)
_WHEN_ONLY = re.compile(r"(?:那|那个|具体)?(?:日期|时间|几号|哪天|哪一天|什么时候|啥时候|何时)(?:呢|啊|呀)?")
# …会上第五要抓好什么(工作), 第二条要做啥, 最后一条要抓好啥: the nth (or last) point of a speech
# numbered 一要…二要…, asked by what it says to do
_ORDINAL_POINT = re.compile(
    r"(?:第([一二三四五六七八九十两\d]{1,3})|最后那?[一1]?(?=[条点项个]))(?:条|点|项|个)?[,，]?(?:要|是)[\u4e00-\u9fff]{0,5}?(?:什么|啥)(?:工作|事)?(?:呢|啊|呀|吗)?$"
)
_ORDINAL_ASKED = re.compile(
    r"[,，]?(?:第([一二三四五六七八九十两\d]{1,3})|最后那?[一1]?(?=[条点项个件]))(?:(?:条|点|项|个|件)(?:要求|意见|措施|任务)?|要求|意见)"
    r"(?:是|讲的是|说的是|讲了|说了)?(?:什么|啥|哪个|哪条|哪些)?(?:呢|啊|呀|吗)?$"
)


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
        text = fold_of(qa, question).strip()
        bare = bare_of(text)
        if MORE.match(text.strip(PUNCT)) or not bare and text.strip(PUNCT).endswith("呢"):
            return "more"
        m = ORDINAL.search(bare)
        if m and ordinal_value(m) and len(content(qa, bare.replace(m.group(0), ""))) <= 1:
            return "ordinal"
        if POINTER.search(bare) or _THAT_ONE.match(text):  # 那个村是哪个街道的: 那个 points, it does not switch
            return "pointer"
        rest = DATE.sub("", bare)
        words = content(qa, rest)
        if text.strip(PUNCT).endswith("呢") or text.startswith("那"):
            return "ellipsis"
        if bare and (not words or all(is_place(w) or is_name(qa)(w) for w in words)) and (rest != bare or words):
            return "ellipsis"  # a bare date, place or name: 1月31日? 马村区? 毛文明?
        named = names_any(qa, bare)
        if not named and len(bare) <= SHORT + 2 and MORE_OF.match(bare):
            return "more"  # 还去了哪里? 还有别的企业捐了吗?
        if not named and len(bare) <= SHORT:
            return "zero"  # 哪天提的? 值守多长时间? 为什么?: the subject is the last question's
        return None

    # --- asking --------------------------------------------------------------------

    def ask(self, qa: Asker, question: str, now: float | None = None, top_k: int | None = None) -> Turn:
        """Answer a message, as a follow-up of the remembered topic when it reads as one."""
        now = time.monotonic() if now is None else now
        if is_chatter(qa, question):  # 谢谢 / 好的: nothing to search, and the topic stays for what follows
            return Turn(Answer(question, False, 0.0), question, chatter=True)
        topic = self.topic(now)
        said, kind = question, self.kind(qa, question)
        alone: Answer | None = None  # a lost message's own answer (none), kept in case it stays lost
        again = False  # nothing answered it and the account shown is shown again (SHOWN_AGAIN)
        searched = False  # its hits were searched for (not a heading, date, credit or companions picked)
        lost = False  # …and it names something of its own, which the answer then has to hold
        if topic is not None and kind is not None and _THAT_DAY.search(question):
            day = day_of(qa, topic)  # 那天晚上还去了哪 asks 1月31日晚上还去了哪
            question = _THAT_DAY.sub(day, question, count=1) if day else question
        for relative, by in ((_NEXT_DAY, 1), (_DAY_BEFORE, -1)):
            if topic is not None and kind is not None and relative.search(question):
                day = day_shifted(qa, topic, by)  # 后一天呢 after 2月3日上午李培华到哪些单位督导 asks 2月4日
                question = relative.sub(day, question, count=1) if day else question
        for phrase, first in ((_FIRST_DAY, True), (_LAST_DAY, False)):
            if topic is not None and kind is not None and (m := phrase.search(folded := fold_of(qa, question))):
                day = range_day(qa, topic, first)  # 第一天去了哪 after 从哪天到哪天 asks 1月23日去了哪
                if day:
                    question = folded[: m.start()] + day + folded[m.end() :]
                    kind = self.kind(qa, question) or "zero"
        if (pieces := pieces_by(qa, topic, question, top_k)) is not None:
            self._remember(pieces, question, now, kind=None)  # 孙洁还写了哪篇: the byline's pieces, by headline
            return Turn(pieces, question, kind, previous=topic.question if topic else None)
        if topic is not None and not topic.shown and kind in ("more", "ordinal"):
            topic = None  # 还有呢 after no answer: nothing was shown to go on from
        if kind is None or topic is None:
            # 还有呢 / 第二个 mean nothing alone; 那温县县长是谁呢 may well stand alone
            if kind in ("more", "ordinal"):
                return Turn(Answer(question, False, 0.0), question, kind, orphan=True)
            if asks_headline(qa, question) and (title := title_of(qa, None, question, top_k)) is not None:  # 温县毛文明督导那篇稿子标题叫啥
                turn = _shown(qa, question, [title], top_k, question, None)
                self._remember(turn.answer, question, now, kind=None)
                return turn
            answer = qa.ask(question, top_k=top_k)
            item = None
            if kind is None and not answer.answered:
                item = self._ordinal_asked(qa, question, top_k)
            elif kind is None and answer.hits:
                item = _item_ending(qa, question, answer.hits[0], question, top_k) or _item_asked(qa, question, answer, top_k, now)
            if item is not None:
                self._remember(item.answer, item.asked, now, kind=None)
                return item
            named = names_any(qa, bare_of(fold_of(qa, question)))
            if kind is None and topic is not None and (not named or not answer.answered):
                # 有哪些县领导一同督导 names nothing (no name, place, date or number): in a chat it
                # leans on the last question, whatever it finds alone (kept in case that finds nothing);
                # so does one naming something that nothing answers alone (发热门诊要开多长时间)
                alone, lost = answer, named
                kind = "zero"
            else:
                if kind not in (None, "zero") and not answer.answered:
                    return Turn(answer, question, kind, orphan=True)
                asked = question
                if kind is None and topic is not None and (carried := _subject_carried(qa, topic, question, answer, top_k)) is not None:
                    answer, asked = carried.answer, carried.asked
                if kind is None and topic is not None and (stay := _shown_holds_all(qa, topic, question, answer)) is not None:
                    answer = _renumber(answer, _first(stay, answer.hits), top_k, qa)
                if kind is None and topic is not None and (tied := _tied_in_topic(topic, answer)) is not None:
                    answer = _renumber(answer, _first(tied, answer.hits), top_k, qa)
                self._remember(answer, asked, now, kind=None, named=named)
                return Turn(answer, asked)
        assert topic is not None
        ordinal = self._ordinal(qa, topic, question, top_k) if kind == "ordinal" else None
        if kind == "ordinal" and ordinal is None:
            kind = "ellipsis"  # 最后一个呢 with no list to count in: the last question, for that one
        if kind == "more":
            turn = self._more(qa, topic, question, top_k)
        elif ordinal is not None:
            turn = ordinal
        elif (heading := which_item(qa, topic, question, top_k)) is not None:
            turn = replace(heading, asked=topic.question)
        elif (kind in ("pointer", "zero") or kind == "ellipsis" and _WHEN_ONLY.fullmatch(bare_of(fold_of(qa, question)).strip(PUNCT))) and (
            when := when_of(qa, topic, question if kind != "ellipsis" else "是哪天", top_k)
        ) is not None:
            turn = when
        elif (title := title_of(qa, topic, question, top_k)) is not None:
            turn = _shown(qa, question, [title, *topic.hits], top_k, topic.question, kind)
        elif (byline := credit_of_shown(qa, topic, question)) is not None:
            turn = _shown(qa, question, [byline, *topic.hits], top_k, topic.question, kind)
        elif (credited := credit_named(qa, question, top_k)) is not None:
            turn = Turn(credited, question, kind)
        elif kind in ("pointer", "zero") and (along := companions(qa, topic, question, top_k, along=True)) is not None:
            turn = replace(along, asked=topic.question, follow_up=kind)  # 跟他一起的有谁: named in the account shown
        else:
            asked = compose(qa, topic.question, question, replace_names=kind == "ellipsis")
            if kind == "pointer" and (who := answered_person(qa, topic, question)):
                asked = f"{asked} {who}"  # 他们俩是靠啥脱贫的 after 那油蔴村的呢 (谁家): 康长友 is who they are
            own = own_terms(qa, question)
            searched = True
            told = told_next(qa, topic, own, question, top_k, kind) or said_there(qa, topic, own, question, top_k, kind)
            if told is not None:
                turn = replace(told, asked=asked)
            else:
                answer = qa.ask(asked, top_k=max(top_k or 0, POOL))
                if own and not hits_holding(qa, answer.hits, own):  # the carried words drowned the new ones
                    answer = _by_own_words(qa, own, asked)
                if not answer.answered and kind in ("pointer", "zero") and alone is None and SHOWN_AGAIN:
                    # 她刚拿了什么称号: nothing answers the words alone, but the account just shown
                    # is what a pointing follow-up is about (half of them are answered by it)
                    answer = Answer(question, True, 0.0, [replace(h, answer=None) for h in topic.hits])  # no span: not what it asked
                    again = True
                # 他 / 这 / naming nothing lean on the article discussed; 那温县呢 replaces its subject,
                # and 有哪些企业捐了款 brings in one of its own
                leaning = kind == "pointer" or kind == "zero" and not _EXISTENTIAL.match(bare_of(fold_of(qa, question)))
                turn = Turn(self._prefer(answer, own, topic.article_id, top_k, qa, typed=asks_typed(qa, question), stay=leaning), asked, kind)
                stay = shown_answers(qa, topic, own, asked, kind, turn.answer, question)
                if stay is not None:
                    turn = _shown(qa, question, [stay, *topic.hits[1:]], top_k, asked, kind)
        if kind in ("pointer", "zero", "ellipsis") and turn.answer.hits and (item := _item_ending(qa, said, turn.answer.hits[0], question, top_k)):
            turn = replace(item, asked=turn.asked)  # 他在经济运行会上第三个要求是啥, as a question of its own
            searched = False  # the item's heading is its answer
        if kind == "zero" and strange(qa, question, 2 if alone is not None else 3):
            # 红烧肉怎么做 after a question about 马村区: a subject the corpus never names is a
            # new subject, not the last one; the carried words alone would find the last answer
            return Turn(alone if alone is not None else qa.ask(question, top_k=top_k), said)
        if alone is not None and not turn.answer.answered:
            own, top = own_terms(qa, question), turn.answer.hits[:1]
            if lost or not (own and top and top[0].article.id == topic.article_id and hits_holding(qa, top, own)):
                return Turn(alone, said)  # read as a follow-up it finds nothing either
            # 一同督导的县领导有谁 (naming nothing) after 毛文明督导…从哪天到哪天: the carried words thin
            # its share of the question below the bar, yet a passage of the article shown holds
            # all its own words (温县的GDP, naming something, must be answered in its own words)
            turn = replace(turn, answer=replace(turn.answer, answered=True))
        if lost and (not hits_holding(qa, turn.answer.hits[:1], own_terms(qa, question)) or strange(qa, question, 2, every=False)):
            # the carried words answered, not its own; or it names what the corpus never does (GDP): no answer
            return Turn(alone or turn.answer, said)
        # the first hit's span, found for what this message asks: a pointing or subjectless one
        # asking its own question (他们是怎样值守的) by its own words, not the carried question's;
        # 那X呢 by the question it stands for, not by X alone (_by_own_words searched X)
        if searched and kind in ("pointer", "zero") and not again and asks_itself(qa, said):
            who = answered_person(qa, topic, said)  # 他 after 谁: that person is no answer to what he did
            turn = replace(turn, answer=_own_span(qa, turn.answer, said, (who,) if who else ()))
        elif searched and turn.follow_up == "ellipsis" and not again:
            turn = replace(turn, answer=_own_span(qa, turn.answer, turn.asked, ()))
        self._remember(turn.answer, turn.asked, now, kind=turn.follow_up, topic=topic)
        top_hit = turn.answer.hits[0] if turn.answer.hits else None
        # the reader is told it is the account shown again, not an answer (the card says so)
        again = again and top_hit is not None and top_hit.answer is None and any(top_hit.passage_id == h.passage_id for h in topic.hits)
        return replace(turn, answer=replace(turn.answer, question=said), previous=topic.question, again=again)

    def _remember(self, answer: Answer, asked: str, now: float, *, kind: str | None, topic: Topic | None = None, named: bool = False) -> None:
        if not answer.hits:
            return
        if not answer.answered:
            # 马村区一共有多少人口 found no answer, yet 谁带领他们抗疫的 follows it: a new question
            # naming something (a name, place, date or number) that nothing answers sets the
            # subject, unless an answered one is remembered (今天天气怎么样 names nothing)
            if kind is None and topic is None and named and (self._topic is None or not self._topic.shown):
                top = answer.hits[0]
                with self._lock:
                    self._topic = Topic(asked, top.article.id, top.text, (), tuple(answer.hits), now, shown=False)
            return
        top = answer.hits[0]
        seen = (topic.seen if topic else ()) + (top.passage_id,)  # shown in this conversation: 还有呢 skips them
        with self._lock:
            # 还有呢 / 第三点 / 哪天说的 answer with a passage or a sentence of it, asked about the same
            # subject: the next follow-up carries the question that set it (杨磊呢 after 第三点是啥)
            keep = topic is not None and kind in ("more", "ordinal", "when")
            said = (topic.said if topic else ()) + ((top.answer.text,) if top.answer else ())
            self._topic = Topic(topic.question if keep and topic else asked, top.article.id, top.text, seen, tuple(answer.hits), now, said=said)

    def _prefer(self, answer: Answer, own: list[str], article_id: str, top_k: int | None, qa: Asker, *, typed: bool = False, stay: bool = False) -> Answer:
        """Re-order a follow-up's hits: the follow-up's own words are what it asks about, the
        carried words only set the scene, so the best hit holding all of its own words comes
        first (those holding the most of them, when none holds all; only among hits scoring at
        least NEAR of the best, when any of those does); among those, the previous article's
        best when it scores close to the top one. One leaning on the article discussed (`stay`)
        may instead keep that article's first hit first (`_stays`)."""
        hits = list(answer.hits)
        if not hits or hits[0].kind in SELF_ANSWERING:  # a credit or a headline answers itself: keep it
            return _renumber(answer, hits, top_k, qa)
        # a hit far below the best (马村区's 赵飞琴 line at 2% of 区长杨磊's) is no answer however it opens
        near = [h for h in hits if h.score >= NEAR * hits[0].score]
        holding = most_held(qa, near, own) or most_held(qa, hits, own)
        # Chinese puts the topic first: a sentence that opens with the follow-up's words is about
        # them (加油站的车辆来往较多…), one that lists them later only passes by (…、加油站,…);
        # nor one scoring under TOPICAL_SHARE of the first hit holding as many of them (油蔴村呢:
        # …在东马村史永利家、油蔴村康长友家 at 4.2 against 演马街道油蔴村's 9.1)
        topical = [h for h in holding if opens_with(qa, h.text, own) and h.score >= TOPICAL_SHARE * holding[0].score] if TOPIC_FIRST else []
        pool = topical or holding or hits
        first = pool[0]
        if stay and _stays(hits[0], first, pool, article_id):
            return _renumber(answer, hits, top_k, qa)
        if first.article.id != article_id:
            best = next((h for h in pool if h.article.id == article_id), None)
            # …unless the follow-up names its subject and asks a date, number, name or place that only
            # the other one holds (其中英利经贸是哪天捐的 after a list of donors: 2月1日上午,…英利经贸…)
            if best is not None and best.score >= self.prefer_ratio * first.score and not (typed and own and first.answer and not best.answer):
                first = best
        hits.remove(first)
        hits.insert(0, first)
        return _renumber(answer, hits, top_k, qa)

    def _more(self, qa: Asker, topic: Topic, question: str, top_k: int | None) -> Turn:
        """还有呢: the previous question again, for another answer: the passages not yet shown
        first (nor those showing the last one inside their window), the message's own words
        (企业 in 还有别的企业捐了吗) asked with the previous question. After a list shown whole
        (哪些制度), the same passage again: those are all there are."""
        own_text = re.sub(r"^其[他它]的?", "", MORE_OF.sub("", bare_of(fold_of(qa, question))))  # 其他的呢: no words of its own
        own = own_terms(qa, own_text)
        n = item_number(topic.passage)

        def next_item() -> Turn | None:  # the answer shown is the nth item of a list (一要…): the next one
            item = nth_item(qa, topic.article_id, topic.passage, n + 1, question, top_k) if n else None
            return replace(item, asked=topic.question, follow_up="more") if item is not None else None

        def others() -> Turn | None:  # 还有谁: the others named as taking part
            found = companions(qa, topic, question, top_k)
            return replace(found, asked=topic.question) if found is not None else None

        def shown() -> Turn | None:  # the rest of the passage shown, or the whole list shown again
            rest = rest_shown(qa, topic, own, other=bool(ANOTHER.search(question)), question=question)
            if rest is None and not own and topic.hits and answers.ASKS_LIST.search(fold_of(qa, topic.question)) and _whole_list(topic.hits[0]):
                rest = topic.hits[0]  # 还有呢 after 哪些制度 marked the whole list: these are all there are
            if rest is None and all(w in SAYING for w in content(qa, own_text)):  # not 还去了哪些村
                rest = rest_said(qa, topic)  # 还有别的要求吗 after 提出了什么要求: the saying goes on
            return _shown(qa, question, _first(rest, topic.hits), top_k, topic.question, "more") if rest is not None else None

        # 还实行啥制度 names what more it asks, which the passage shown may go on to say
        # (…,实行首席服务官制度) before the next item
        for step in (others, shown, next_item) if own else (next_item, others, shown):
            if (turn := step()) is not None:
                return turn
        asked = compose(qa, topic.question, own_text, replace_names=False) if own else topic.question
        answer = qa.ask(asked, top_k=max(top_k or 0, POOL))
        hits = [h for h in answer.hits if h.passage_id not in topic.seen and topic.passage not in h.text and h.text not in topic.passage]
        if asks_typed(qa, asked):  # 还看了谁 after the households listed: one naming another (…到特困户史有安家…)
            hits = sorted(hits, key=lambda h: h.answer is None)
        answer = replace(answer, answered=answer.answered and bool(hits), hits=hits)
        if own and hits:
            answer = self._prefer(answer, own, topic.article_id, top_k, qa)
        return Turn(_renumber(answer, list(answer.hits), top_k, qa), topic.question, "more")

    def _ordinal_asked(self, qa: Asker, question: str, top_k: int | None) -> Turn | None:
        """李培华讲了好几条，第五条是啥: the rest of the question finds the list, the ordinal its
        item; None when the question has no such ending or the list no such item."""
        folded = fold_of(qa, question).strip(PUNCT)
        m = _ORDINAL_ASKED.search(folded)
        if m is None or len(content(qa, folded[: m.start()].strip(PUNCT))) < 2:
            return None
        return _item_of_rest(qa, folded, m, question, top_k)

    def _ordinal(self, qa: Asker, topic: Topic, question: str, top_k: int | None) -> Turn | None:
        """第二点是什么: the nth item of the list the previous answer is an item of (…分别到A、B和C
        with A marked), else of the list the previous answer opened (一要…), else its nth hit;
        None when none of them exists."""
        bare = bare_of(fold_of(qa, question))
        m = ORDINAL.search(bare)
        n = ordinal_value(m) if m else 0
        head = answers.ASKING.split(bare[m.end() :])[0].strip(PUNCT + "是") if m else ""  # 第三个早是啥: 早
        listed = listed_item(qa, topic, n, head)
        if listed is not None:
            return _shown(qa, question, _first(listed, topic.hits), top_k, topic.question, "ordinal")
        item = nth_item(qa, topic.article_id, topic.passage, n, question, top_k) if n else None
        if item is not None:
            return item
        if 0 < n <= len(topic.hits):
            hits = [topic.hits[n - 1]] + [h for i, h in enumerate(topic.hits) if i != n - 1]
            return _shown(qa, question, hits, top_k, topic.question, "ordinal")
        return None


def _item_ending(qa: Asker, text: str, hit: Hit, question: str, top_k: int | None) -> Turn | None:
    """A message ending in an ordinal of a list (…会上第五要抓好什么, 第三个要求是啥): the list's
    item near the hit its other words found; None when it has no such ending or no such item."""
    folded = fold_of(qa, text).strip(PUNCT)
    m = _ORDINAL_ASKED.search(folded) or _ORDINAL_POINT.search(folded)
    if m is None:
        return None
    places = [w for w in content(qa, folded[: m.start()]) if is_place(w)]
    if places and not _names_all(qa, hit.article.id, places):
        # 温县经济调度会第二点要求是啥: 马村's 二要 answers the words, not the scene
        return _item_of_rest(qa, folded, m, question, top_k, places)
    n = _nth(m)
    return item_near(qa, hit, n, question, top_k) if n > 0 else nth_item(qa, hit.article.id, hit.text, n, question, top_k)


def _item_of_rest(qa: Asker, folded: str, m: re.Match[str], question: str, top_k: int | None, places: Sequence[str] = ()) -> Turn | None:
    """The words before an ordinal ending, asked alone, find the list (answered or not: the
    item after the best hit decides), the ordinal its item; None when that hit's article does
    not name every one of `places` or the list has no such item."""
    first = qa.ask(folded[: m.start()].strip(PUNCT), top_k=top_k)
    if not first.hits or places and not _names_all(qa, first.hits[0].article.id, places):
        return None
    top = first.hits[0]
    return nth_item(qa, top.article.id, top.text, _nth(m), question, top_k)


def _nth(m: re.Match[str]) -> int:
    """An ordinal ending's number: 第二 -> 2, 最后一条 -> -1 (the last)."""
    return ordinal_number(m.group(1)) if m.group(1) else -1


def _names_all(qa: Asker, article_id: str, places: Sequence[str]) -> bool:
    """Whether an article (headline and text) names every one of these places."""
    text = article_text(qa, article_id)
    return all(p in text for p in places)


def _item_asked(qa: Asker, question: str, answer: Answer, top_k: int | None, now: float) -> Turn | None:
    """李培华1月28日上午第一个去的卡点是哪 / 最后去了哪: a question asking one item of a list
    (by an ordinal, 首先, 最后) that the best hit answers with the whole list: its item marked,
    so that 还去了哪些 can go on with the rest. None otherwise."""
    folded = fold_of(qa, question)
    m = ORDINAL.search(folded)
    n = ordinal_value(m) if m else 1 if FIRST_OF.search(folded) else 0
    top = answer.hits[0]
    if not n or not answer.answered or top.answer is None:
        return None
    item = listed_item(qa, Topic(question, top.article.id, top.text, (), tuple(answer.hits), now), n)
    if item is None or item.answer is None or len(item.answer.text) >= len(top.answer.text):
        return None
    return Turn(replace(answer, hits=[item, *answer.hits[1:]]), question)


def _shown_holds_all(qa: Asker, topic: Topic, question: str, answer: Answer) -> Hit | None:
    """要规范什么卡点设置 after 李培华1月31日上午去了哪些地方: a question that reads as one of its
    own, every word of which the passage just shown holds (…他强调,要进一步规范…的卡点设置), is
    asked of that passage: in a chat the reader is reading it. None otherwise."""
    if not topic.shown or not topic.hits or not answer.answered or not answer.hits:
        return None
    shown = topic.hits[0]
    own = own_terms(qa, question)
    whole = [w for w in own if not any(w != o and w in o for o in own)]  # 卫生院, not 卫生 as well
    if len(whole) < MIN_HELD or answer.hits[0].passage_id == shown.passage_id or shown.kind in SELF_ANSWERING:
        return None
    hit = shown_holding(qa, topic, own, question)  # not 在东马村去了谁家 of the villages listed: their own account
    typed = answers.expected(fold_of(qa, question)).kind not in (None, *answers.OPEN_KINDS)
    return None if hit is None or typed and hit.answer is None else hit


def _tied_in_topic(topic: Topic, answer: Answer) -> Hit | None:
    """A question of its own asked in a chat, whose best passages score about the same (within
    TIE_MARGIN), is read as about the article being discussed: the reader is reading it
    (指挥部的工作例会多久开一次 after 马村's command post, not 温县's). That article's hit, or None.
    Not over a byline or headline, nor a passage with no answer span over one with a span."""
    hits = answer.hits
    if not topic.shown or not answer.answered or len(hits) < 2 or hits[0].article.id == topic.article_id:
        return None
    top = hits[0]
    if top.kind in SELF_ANSWERING or top.score <= 0:
        return None
    for h in hits[1:TIE_DEPTH]:
        if h.article.id == topic.article_id and h.kind == "passage" and h.score >= (1 - TIE_MARGIN) * top.score:
            return h if h.answer is not None or top.answer is None else None
    return None


def _subject_carried(qa: Asker, topic: Topic, question: str, answer: Answer, top_k: int | None) -> Turn | None:
    """当天还去看了谁 after 宗家桢去了哪几个村: Chinese drops a subject the last message named, so
    a question naming no one, whose own answer lies outside the article shown, is asked again
    with the names of the last question; that answer, when it lies in the article shown.
    None otherwise."""
    if not topic.shown or not answer.answered or not answer.hits or answer.hits[0].article.id == topic.article_id:
        return None
    named = is_name(qa)
    words = content(qa, bare_of(fold_of(qa, question)))
    names = [w for w in dict.fromkeys(content(qa, fold_of(qa, topic.question))) if named(w) and w not in words]
    if not names or any(named(w) for w in words):
        return None
    asked = f"{question} {' '.join(names)}"
    carried = qa.ask(asked, top_k=top_k)
    if not carried.answered or not carried.hits or carried.hits[0].article.id != topic.article_id:
        return None
    return Turn(replace(carried, question=question), asked)


def answered_person(qa: Asker, topic: Topic, question: str) -> str | None:
    """Whom a personal pronoun (他, 她们, 这些人) points at after a question asking who: the
    person (or household) the last answer marked, which the carried question does not name."""
    span = topic.hits[0].answer if topic.hits else None
    if span is None or not _PERSON_POINTER.search(fold_of(qa, question)):
        return None
    return span.text if answers.expected(fold_of(qa, topic.question)).kind == answers.NAME else None


def asks_typed(qa: Asker, question: str) -> bool:
    """Whether a message asks a date, a number, a name or a place (a span of that kind answers)."""
    return answers.expected(fold_of(qa, question)).kind not in answers.OPEN_KINDS


def _stays(top: Hit, first: Hit, pool: list[Hit], article_id: str) -> bool:
    """Whether a follow-up leaning on the article discussed keeps `top` (the first hit, of that
    article) rather than `first`, another article's hit holding its own words: 捐给了哪个机构
    after 企业代表认为捐款捐物是什么 finds 机构 only in 医疗机构, at a fifth of the donation's
    score. Not when the hits `first` was chosen from (`pool`) hold one of the discussed
    article's, nor when `first` scores STAY of `top`."""
    if top.article.id != article_id or first.article.id == article_id or first.score >= STAY * top.score:
        return False
    return not any(h.article.id == article_id for h in pool)


def _by_own_words(qa: Asker, own: list[str], asked: str) -> Answer:
    """The follow-up's own words searched alone (widely), the hits holding them ordered by how
    many of the carried words they also hold: 那马村区呢 after 温县县委书记是谁 finds 马村区's
    书记, which the carried 县委书记 alone would never let through."""
    answer = qa.ask(" ".join(own), top_k=WIDE)
    carried = {w for w in content(qa, asked) if len(w) > 1 and w not in own}
    holding = hits_holding(qa, answer.hits, own)
    if not holding:
        return answer
    best = max(holding, key=lambda h: (sum(w in fold_of(qa, h.text) for w in carried), -answer.hits.index(h)))
    return replace(answer, hits=[best] + [h for h in answer.hits if h is not best])


def _own_span(qa: Asker, answer: Answer, message: str, given: Sequence[str]) -> Answer:
    """The first hit's answer found for the message itself: 他们是怎样值守的 asked with 北孔庄村有
    几名大学生 carried asks a number no more, and the carried words are no answer to it. The
    person a pronoun points at (`given`: 毕宁宁 for 他) counts as said: he is not the new answer."""
    reanswer = getattr(qa, "reanswer", None)
    if reanswer is None or not answer.hits or answer.hits[0].kind in SELF_ANSWERING:
        return answer
    return replace(answer, hits=[reanswer(" ".join((message, *given)), answer.hits[0]), *answer.hits[1:]])


def _whole_list(hit: Hit) -> bool:
    """Whether a hit's answer span is a whole list of its text (哪些制度 marked them all)."""
    if hit.answer is None:
        return False
    return any(e[0][0] <= hit.answer.start and hit.answer.end >= e[-1][0] for e in answers.enumerations(hit.text) if e[0][0] <= hit.answer.start < e[0][1])


def _first(hit: Hit, hits: Sequence[Hit]) -> list[Hit]:
    """`hit`, then the others of `hits` (it among them dropped)."""
    return [hit, *(h for h in hits if h.passage_id != hit.passage_id)]


def _shown(qa: Asker, question: str, hits: list[Hit], top_k: int | None, asked: str, kind: str | None) -> Turn:
    """A turn showing these hits in this order, found in the conversation rather than searched."""
    return Turn(_renumber(Answer(question, True, 0.0, hits), hits, top_k, qa), asked, kind)


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


@dataclass(frozen=True)
class ScoredTurn:
    """One follow-up of a question set, as a chat answered it."""

    dialogue_id: str
    index: int  # its place in the dialogue: 1 or 2 (turn 0 is the opening question)
    question: str
    previous: str
    turn: Turn
    rank: int  # of the first hit holding a gold answer among those shown; 0: none, or no answer
    answerable: bool = True  # False: the page does not answer it (gold answers []), so saying so is right

    @property
    def ok(self) -> bool:
        """Answered first by a passage holding the gold; for one the page does not answer, no
        answer claimed: none found, or the report shown again under its 没找到明确的回答 line."""
        if not self.answerable:
            return not self.turn.answer.answered or self.turn.again or self.turn.orphan
        return self.rank == 1


def scored_turns(qa: Asker, dialogues: list[dict[str, Any]], half: str | None = None) -> Iterator[ScoredTurn]:
    """Every follow-up turn (the second and third of a dialogue) of the set, or of one half,
    each conversation run through its own Dialogue as a chat would: the one loop behind
    `score_dialogues`, `score_follow_ups` and bench/dialogue_misses.py."""
    from .service import answer_matches

    for d in dialogues:
        if half is not None and d.get("half") != half:
            continue
        dialogue = Dialogue()
        for i, t in enumerate(d["turns"]):
            turn = dialogue.ask(qa, t["q"], now=float(i))
            if i == 0:
                continue
            hits = turn.answer.hits if turn.answer.answered else []
            rank = next((j for j, h in enumerate(hits, start=1) if answer_matches(h.text, t["answers"])), 0)
            yield ScoredTurn(d["id"], i, t["q"], d["turns"][i - 1]["q"], turn, rank, answerable=bool(t["answers"]))


def score_dialogues(qa: Asker, dialogues: list[dict[str, Any]], half: str | None = None) -> dict[str, bool]:
    """For each dialogue (optionally one half), whether every follow-up turn is right
    (`ScoredTurn.ok`: its top hit holds a gold answer, or it claims none the page lacks)."""
    return _all_answered([d["id"] for d in dialogues if half is None or d.get("half") == half], scored_turns(qa, dialogues, half))


def _all_answered(ids: list[str], scored: Iterable[ScoredTurn]) -> dict[str, bool]:
    out = dict.fromkeys(ids, True)
    for s in scored:
        out[s.dialogue_id] = out[s.dialogue_id] and s.ok
    return out


def score_follow_ups(qa: Asker, dialogues: list[dict[str, Any]], half: str | None = None) -> list[bool]:
    """Whether each follow-up turn is right (`ScoredTurn.ok`): the per-message figure, where
    `score_dialogues` needs every turn of a dialogue."""
    return [s.ok for s in scored_turns(qa, dialogues, half)]


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
        scored = list(scored_turns(qa, rows, half))  # one pass: both figures come from it
        got = _all_answered([d["id"] for d in rows if d.get("half") == half], scored)
        turns = [s.ok for s in scored]
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
