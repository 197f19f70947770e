"""The account just shown, read on: where a follow-up's answer lies near the last answer.

Half of follow-ups are answered by the passage just shown and most of the rest by the
sentences around it in its article: the rest of its list (还有呢), its nth item (第二个),
the sentence that dates, places or names its account (哪天说的, 在哪说的, 谁说的), what it
says next (他说…, 具体咋办), its byline (这篇是谁写的). Each function here looks for one
of those and returns None when the account does not hold it, so `Dialogue` falls back to
searching.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from . import answers, query
from .conversation import (
    DATE,
    ORDINAL,
    POINTER,
    PUNCT,
    SAYING,
    SENTENCE_END,
    Asker,
    Topic,
    Turn,
    bare_of,
    fold_of,
    holds_term,
    item_number,
    names_any,
    opens_item,
    own_terms,
)
from .service import Answer, Hit, Span

NEXT_SENTENCES = 3  # sentences after the last answer where a follow-up pointing back is looked for first
LIST_REACH = 24  # sentences around an answer searched for a numbered list's items (16-40 alike on tune)
_ALSO_SAID = re.compile(r"还(?:提|说|讲|强调|要求|指出|表示)")  # 他对陈冢沟还提了啥: what the account says next
_THEN = re.compile(r"后来|然后|接着|之后|随后|接下来")  # 那天他后来又去了哪些地方: the account's next step
_GOES_ON = re.compile(r"(?:随后|之后|然后|接着|此后|后来|当天|当晚|同日|\d{1,2}月\d{1,2}日|\d{1,2}日)")
_IN_DETAIL = re.compile(r"具体|详细|怎么|咋|如何|什么意思|啥意思|包括|哪些")
# 在哪说的 / 谁说的: where the account shown is set, whose it is (news names both where it dates it)
_WHO_WHERE_SAID = re.compile(r"(?:在|是在)?(?:哪|哪里|哪儿|什么地方|何处|哪个地方|谁|哪位|什么人)(?:说|讲|提|强调|表示|要求|指出)")
_STOP = re.compile(r"[。!！?？\n]")  # where a sentence (or a paragraph) ends
_CLAUSE = re.compile(r"[,，;；:：。!！?？\n]")  # where a clause ends
# verbs news uses alike for what someone said (他说 / 他要求 / 他强调 …): 他要求疾控中心做啥 is
# answered by 他说,县疾控中心要…
_DAY = re.compile(r"(?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})[日号]")  # year, month, day: 2月3日, 3日
_CLAUSE_TEXT = re.compile(r"[^,，。;；:：!！?？]+")
_KIND_AFTER = re.compile(r"等([\u4e00-\u9fff]{1,4})(?=[,，;；。])")  # …城市规划馆等项目: the kind listed
FIRST_OF = re.compile(r"首先|最先|先(?=[去到看走])")  # 先去了哪: the first of a list, as 第一站 is
_BACK = "该此这其本"  # 该企业 points back at the one named
_ALONG = re.compile(r"一起|一同|一块|跟着|陪同|陪着|随同|同行")  # 跟他一起的有谁, 谁陪着
_TOOK_PART = re.compile(r"等(?:人)?(?:一同|一起|陪同|参加|出席)|陪同下?|随同")  # …牛国胜等一同看望


def listed_item(qa: Asker, topic: Topic, n: int | None, head: str = "") -> Hit | None:
    """The last answer is an item of a list in its passage (第一站 -> 马村街道丽景社区出入卡点 of
    分别到A、B和C): the list's nth item (-1: the last; None: the one after the item marked),
    marked in the same hit; None when the answer is in no list or the list has no such item.
    `head`: the word after the ordinal (早 of 第三个早), naming the list by its items."""
    if not topic.hits or n == 0 or topic.hits[0].answer is None:
        return None
    hit = topic.hits[0]
    span = hit.answer
    assert span is not None
    lists = answers.enumerations(hit.text)
    # 第三个早是啥: the list whose items the word after the ordinal heads (早发现、早报告…), even
    # when the answer marked sits in another list of the passage
    within = [e for e in lists if sum(hit.text[a:b].lstrip("“‘ ").startswith(head) for a, b in e[1:]) * 2 >= len(e) - 1] if head else []
    within = within or [e for e in lists if e[0][0] <= span.start < e[-1][1]]
    asked = fold_of(qa, topic.question)
    if not within and (ORDINAL.search(asked) or FIRST_OF.search(asked)):
        # 第一站是哪里 marked a word of the sentence, not its list: the list of that sentence
        within = [e for e in lists if not SENTENCE_END.search(hit.text, min(e[0][0], span.start), max(e[0][0], span.start))]
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
    return _marked(hit, *bounds[k])


def companions(qa: Asker, topic: Topic, question: str, top_k: int | None, *, along: bool = False) -> Turn | None:
    """还有谁 / 还有哪些领导跟着: who else took part. News names them in one sentence of the
    account (该区领导王婕、王红艳、王峰、牛国胜等一同看望; 县委常委、副县长陈宁等参加会议):
    the first such sentence from the one the answer shown is in to NEXT_SENTENCES after it,
    answered as a card for the follow-up; None when the follow-up asks no person or the
    account names no one else. `along`: a follow-up asking who went with him (跟他一起的有谁,
    谁陪着), which must say so, and which the companions the answer shown names do answer."""
    folded = fold_of(qa, question)
    if not (answers.ASKS_NAME.search(folded) or answers.ASKS_PEOPLE.search(folded)):
        return None
    if along and not _ALONG.search(folded):
        return None
    found = _sentences_from(qa, topic.article_id, topic.passage)
    if found is None:
        return None
    sentences, start = found
    answer = topic.hits[0].answer if topic.hits else None
    for i, sentence in enumerate(sentences[start : start + 1 + NEXT_SENTENCES]):
        m = _TOOK_PART.search(sentence)
        if m is None or not along and i == 0 and answer is not None and answer.text in sentence[m.start() :]:
            continue  # the companions shown already are not "who else"
        turn = _card_of(qa, sentence, question, top_k, "more")
        if turn is not None:
            return _companions_marked(turn, sentence) or _reanswered(qa, turn, question)
    return None


def _companions_marked(turn: Turn, sentence: str) -> Turn | None:
    """The card with the companions marked: the names before 等一同… back to the clause's start
    (副县长李美玲、县公安局政委葛向东等一同督导), or between 在 and 陪同 (在区卫健部门负责人
    陪同下); None when the sentence says neither."""
    hit = turn.answer.hits[0]
    at = hit.text.find(sentence)
    m = _TOOK_PART.search(sentence)
    if m is None or at < 0:
        return None
    clause = max(sentence.rfind(c, 0, m.start()) for c in ",，;；。") + 1
    if m.group(0).startswith("等"):
        a = clause
    elif (by := sentence.rfind("在", clause, m.start())) >= 0:
        a = by + 1
    else:
        return None
    marked = _marked(hit, at + a, at + m.start(), shortest=2)
    return replace(turn, answer=replace(turn.answer, hits=[marked, *turn.answer.hits[1:]])) if marked is not None else None


def rest_shown(qa: Asker, topic: Topic, own: list[str], other: bool = False, question: str = "") -> Hit | None:
    """还有呢 while the answer shown goes on past its marked span: a list with items after it
    (落实A、B、C和D with A marked); for 还有别的项目吗, or 还有呢 after a list ending 等项目, a
    clause further on that names more of them (…,加快推进两个棚户区改造等项目); for 还看望谁了
    (not asking for `other` ones), what follows the follow-up's words further on. The same hit,
    the rest marked; None otherwise. A list other than the one marked, for a `question` asking
    who (还看了谁, or 还有呢 after 看望了谁家), must name someone: 靠着电焊技术、保洁工作 after the
    households is no more of them."""
    if not topic.hits:
        return None
    hit = topic.hits[0]
    end = hit.answer.end if hit.answer is not None else 0
    rest: tuple[int, int] | None = None
    folded = fold_of(qa, hit.text)
    asked = answers.expected(fold_of(qa, question)).kind or answers.expected(fold_of(qa, topic.question)).kind  # 还有呢 asks what it follows
    words = getattr(getattr(qa, "analyzer", None), "tagged_words", None)
    passed = False
    for items in answers.enumerations(hit.text):
        if SENTENCE_END.search(hit.text, end, items[0][0]):
            break  # a list of the next sentence is about something else (该区领导王峰、孙振清…)
        after = [(a, b) for a, b in items if a >= end]
        if not after or all(any(x in hit.text[a:b] for x in topic.said) for a, b in after):
            passed = True  # its last item marked, or every item told (东马村呢, 油蔴村呢): a list further on may name more
            continue
        if passed and asked == answers.NAME and words is not None and not answers.names(fold_of(qa, hit.text[items[0][0] : items[-1][1]]), words):
            break
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
    return _marked(hit, *rest, lead="要是对在", shortest=2) if rest is not None else None


REST_SHORTEST = 6  # characters the rest of a saying needs to be more of it (…,全面动态管理 is)


def rest_said(qa: Asker, topic: Topic) -> Hit | None:
    """还有呢 / 还有别的要求吗 after a question asking what was said or done (什么要求, 怎么办),
    answered inside a sentence that goes on (要诚信经营,切实保障市场供应,确保物价平稳…): the
    clauses after the one answering, to the sentence's end (or the next sentence, when it
    ended there), marked in the same hit. None for a question asking a date, number, name or
    place, whose answer's sentence goes on about something else."""
    if not topic.hits or answers.expected(fold_of(qa, topic.question)).kind is not None:
        return None
    hit = topic.hits[0]
    text = hit.text
    end = hit.answer.end if hit.answer is not None else 0
    clause = _CLAUSE.search(text, end)  # the end of the clause answering
    if clause is None:
        return None
    a = clause.end()
    stop = _STOP.search(text, a)  # a clause that ended its sentence: the next sentence
    b = stop.start() if stop else len(text)
    if DATE.match(text[a:b].lstrip()):
        return None  # 1月30日,毛文明到…: the next account, not more of this one
    return _marked(hit, a, b, shortest=REST_SHORTEST)


def _marked(hit: Hit, a: int, b: int, *, lead: str = "", shortest: int = 1) -> Hit | None:
    """The hit with text[a:b] as its answer, without the punctuation (and the `lead` words:
    要, 是 before a list's rest) at its ends; None when less than `shortest` is left."""
    while a < b and hit.text[a] in PUNCT + "“”" + lead:
        a += 1
    while b > a and hit.text[b - 1] in PUNCT + "“”":
        b -= 1
    return replace(hit, answer=Span(hit.text[a:b], a, b)) if b - a >= shortest else None


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
    stop = SENTENCE_END.search(folded, at)
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
    """The hit showing `sentence`, as the card answering `question`: the sentence itself finds
    its own passage among the first (first, unless a passage under a heading carries the
    heading's words), or None when it does not."""
    answer = qa.ask(sentence, top_k=top_k)
    showing = next((h for h in answer.hits if sentence in h.text), None)
    if showing is None:
        return None
    if kind == "ordinal":  # a list's item: 第三点是什么, 第五条呢, 这是第几要
        showing = _heading_marked(showing, sentence)
    hits = [replace(h, rank=i) for i, h in enumerate([showing, *(h for h in answer.hits if h is not showing)], start=1)]
    return Turn(replace(answer, question=question, hits=hits), sentence, kind)


_CLAUSE_END = re.compile(r"[,，。;；:：!！?？]")


def _heading_marked(hit: Hit, sentence: str) -> Hit:
    """A list item's card marks its heading, the item itself: 三要落实落细防控措施 of 三要落实落细
    防控措施。要坚持领导带头,…, not a stretch of the sentence explaining it."""
    base = hit.text.find(sentence)
    if base < 0:
        return hit
    first, end = 0, _CLAUSE_END.search(sentence)
    if end is not None and end.start() <= 3 and item_number(sentence[: end.start()]):
        first, end = end.end(), _CLAUSE_END.search(sentence, end.end())  # 第二，要抓好…: the clause after the bare ordinal
    at, stop = base + first, base + (end.start() if end else len(sentence))
    if stop - at < 2:
        return hit
    return replace(hit, answer=Span(hit.text[at:stop], at, stop))


def nth_item(qa: Asker, article_id: str, passage: str, n: int, question: str, top_k: int | None) -> Turn | None:
    """The sentence opening the nth item (五要…, 第五…; n = -1: the last) among those following
    `passage` in its article, answered as the card for `question`; None when the list has no
    such item."""
    found = _sentences_from(qa, article_id, passage)
    if found is None:
        return None
    sentences, start = found
    following = sentences[start : start + 1 + LIST_REACH]
    if n < 0:  # 最后一条: the last of the items numbered on from the one shown (or from 一)
        first = max(item_number(passage), 1)
        # a list's first item is often left unnumbered (…等工作。要做好招商对接工作。二要…)
        for k0 in (first, 2) if first == 1 else (first,):
            k, last = k0, None
            for s in following:
                if opens_item(s, k):
                    k, last = k + 1, s
            if last is not None and k > (2 if k0 == first else 3):  # two items at least, from 二
                return _card_of(qa, last, question, top_k, "ordinal")
        return None
    for s in following:
        if opens_item(s, n):
            return _card_of(qa, s, question, top_k, "ordinal")
    # 第六条呢 after the seventh item's explanation: an item before it, the nearest
    before = next((s for s in reversed(sentences[max(0, start - LIST_REACH) : start]) if opens_item(s, n)), None)
    return _card_of(qa, before, question, top_k, "ordinal") if before is not None else None


def item_near(qa: Asker, top: Hit, n: int, question: str, top_k: int | None) -> Turn | None:
    """温县经济运行调度会的第七项要求是什么, answered by a sentence inside that list (explaining
    its second item): the list's nth item nearest the answer, in its article; None when the
    answer is that item already or no list around it has one."""
    found = _sentences_from(qa, top.article.id, top.text)
    if n <= 0 or found is None or item_number(top.text) == n:
        return None
    sentences, start = found
    near = [i for i in range(max(0, start - LIST_REACH), min(len(sentences), start + LIST_REACH + 1)) if opens_item(sentences[i], n)]
    if not near:
        return None
    return _card_of(qa, sentences[min(near, key=lambda i: abs(i - start))], question, top_k, "ordinal")


def told_next(qa: Asker, topic: Topic, own: list[str], question: str, top_k: int | None, kind: str) -> Turn | None:
    """The account shown goes on in the sentences after it, and a follow-up often asks about
    what comes next: 他说卡点要对车辆咋查 (他说, …); 那卫生院呢 after 为啥说加油站是重要环节
    (…加油站…。老年人是易感染人群,卫生院…); 具体咋办 / 包括哪些要素 after a list item's heading
    (七要抓好应急调整工作。要…); 后来又去了哪 (随后, …). Within the next NEXT_SENTENCES of its
    article: after a heading, the sentence explaining it when the follow-up asks in detail or
    that sentence holds one of its words; for 后来/然后, the first sentence going on in time;
    else the first holding all of the follow-up's own words (a pointer or a subjectless
    follow-up needs two: one is too little to go on). None otherwise, and for a 那X呢 whose X
    the passage shown holds (`_shown_holds`): it answers there, not further on."""
    found = _sentences_from(qa, topic.article_id, topic.passage)
    if found is None:
        return None
    sentences, start = found
    if kind != "ellipsis" and item_number(topic.passage) and start + 1 < len(sentences) and (explains := sentences[start + 1]):
        # the heading's own passage may show the sentence explaining it already (windows.leads_on)
        if _IN_DETAIL.search(question) or any(holds_term(fold_of(qa, explains), w) for w in own):
            return _card_of(qa, explains, question, top_k, kind)
    following = [s for s in sentences[start + 1 : start + 1 + NEXT_SENTENCES] if s and s not in topic.passage]
    if not following:
        return None
    if kind == "ellipsis" and own and _shown_holds(qa, topic, own):
        return None  # 那要转诊的呢 after 确诊患者要怎么处理: …;需要转诊到定点医院的,要安排专车接送 is shown
    if kind != "ellipsis" and topic.hits and (span := topic.hits[0].answer) is not None:
        # 他说卡点是疫情防控的什么 after 李培华到哪些地方督导: the passage shown goes on (他强调,卡点是
        # 疫情防控的第一道关) in words the follow-up quotes; it asks about that, not what comes after
        if quotes(fold_of(qa, question), fold_of(qa, topic.hits[0].text[span.end :])):
            return None
    if kind != "ellipsis" and _THEN.search(question):
        s = next((s for s in following if _GOES_ON.match(s)), None)
        if s is not None:
            return _card_of(qa, s, question, top_k, kind)
    if not own or len(own) < (1 if kind == "ellipsis" or _ALSO_SAID.search(question) else 2):
        return None  # one word is too little to go on, unless 还提了啥 asks what the account says next
    said = [w for w in own if w not in SAYING]  # 他要求卡点对车辆怎么做: 他说,…卡点…车辆 answers
    own = said if len(said) >= 2 else own
    s = next((s for s in following if all(holds_term(fold_of(qa, s), w) for w in own)), None)
    return _card_of(qa, s, question, top_k, kind) if s is not None else None


ACCOUNT_REACH = 8  # sentences after an account's opening searched for what was said there
_SAYS = re.compile(r"说|要求|强调|指出|表示|提出|叮嘱|嘱咐|讲")


def said_there(qa: Asker, topic: Topic, own: list[str], question: str, top_k: int | None, kind: str) -> Turn | None:
    """他对那里有什么要求 / 他说对车辆咋弄 after an account's opening (1月29日,毛文明到…医养中心…
    督导检查): news tells a visit, then what was said there (毛文明要求,…), until the next date
    opens the next visit. The first sentence of that account holding the follow-up's own words
    (its verbs of saying aside), or the first saying anything when it has none; None when the
    follow-up asks no saying, or the passage shown opens no dated account."""
    folded = fold_of(qa, question)
    if kind not in ("pointer", "zero") or not _SAYS.search(folded) or answers.expected(folded).kind is not None:
        return None  # 他是在什么会上讲的, 他提了几点要求 ask where or how many, not what
    words = [w for w in own if w not in SAYING and not _SAYS.fullmatch(w)]
    shown = fold_of(qa, topic.passage)
    if _SAYS.search(shown) and (not words or all(holds_term(shown, w) for w in words)):
        return None  # the passage shown tells what was said already (…看望慰问一线医护人员。他说,…)
    found = _sentences_from(qa, topic.article_id, topic.passage)
    if found is None:
        return None
    sentences, start = found
    if not DATE.match(sentences[start].removeprefix("本报讯").strip()):
        return None
    account: list[str] = []
    for s in sentences[start + 1 : start + 1 + ACCOUNT_REACH]:
        if _GOES_ON.match(s) and DATE.match(s):
            break  # 1月30日,毛文明到…: the next visit
        if s:
            account.append(s)
    said = next((s for s in account if all(holds_term(fold_of(qa, s), w) for w in words) and (words or _SAYS.search(s))), None)
    return _card_of(qa, said, question, top_k, kind) if said is not None else None


_WHICH_ITEM = re.compile(r"第几(?:点|条|项|个|部分|要)|哪一(?:点|条|项|要)")  # 这是第几点要求里的


def which_item(qa: Asker, topic: Topic, question: str, top_k: int | None) -> Turn | None:
    """这是第几点: the heading of the numbered item (二要抓好项目推进工作) the passage shown is
    in, the nearest sentence opening an item at or before it in its article; None when the
    follow-up does not ask that or no item opens before it."""
    if not _WHICH_ITEM.search(fold_of(qa, question)):
        return None
    found = _sentences_from(qa, topic.article_id, topic.passage)
    if found is None:
        return None
    sentences, start = found
    heading = next((s for s in reversed(sentences[max(0, start - LIST_REACH) : start + 1]) if item_number(s)), None)
    return _card_of(qa, heading, question, top_k, "ordinal") if heading is not None else None


def credit_of_shown(qa: Asker, topic: Topic, question: str) -> Hit | None:
    """这篇是谁写的 / 那张照片谁拍的: a follow-up asking a credit and naming nothing else asks for
    the byline of the article just shown; None otherwise, or when its byline does not say."""
    credit = getattr(qa, "credit", None)
    folded = fold_of(qa, bare_of(question))
    if credit is None or not topic.hits or not query.asks_credit(folded):
        return None
    named = [w for w in own_terms(qa, question) if not query.is_credit_term(w) and not POINTER.fullmatch(w)]
    if named and not _article_holds(qa, topic.hits[0], named):
        return None  # 宗家桢慰问困难群众那篇是谁写的 names another piece; 这篇慰问稿 names the one shown
    found: Hit | None = credit(topic.hits[0], question)
    return found


def _article_holds(qa: Asker, hit: Hit, words: list[str]) -> bool:
    """Whether a hit's article (headline or text) holds every one of the words."""
    found = qa.article(hit.article.id)
    if found is None:
        return False
    info, sentences = found
    text = fold_of(qa, " ".join([info.headline, *sentences]))
    return all(holds_term(text, w) for w in words)


# 标题叫啥 / 这篇的题目是什么 / 副标题是啥: a follow-up asking the headline of a piece
_TITLE_ASKED = re.compile(r"(副|主|大)?(?:标题|(?<!问)题目|题名|篇名)")  # not 问题目前
# …那篇稿子标题叫啥 / 主标题是什么: the headline is what is asked, not a word of the question
# (题目里说的战场在哪): what a first message must say to be answered by a headline
_HEADLINE_ASKED = re.compile(r"(?:标题|(?<!问)题目|题名|篇名)(?:是|叫|为)?(?:什么|啥|甚么|[?？!！。]|$)|(?:什么|啥)(?:标题|题目)")


def asks_headline(qa: Asker, question: str) -> bool:
    """Whether a message asks for a piece's headline itself (温县毛文明督导那篇稿子标题叫啥)."""
    return bool(_HEADLINE_ASKED.search(fold_of(qa, bare_of(question)) + "?"))


def title_of(qa: Asker, topic: Topic | None, question: str, top_k: int | None) -> Hit | None:
    """标题叫啥 / 副标题是啥: the headline of the article just shown (its subtitle, when that is
    asked), or of the piece the message names by a name, place or date (宗家桢慰问那篇的标题,
    asked first too); None unless it asks a headline. The article metadata answers it, not a passage."""
    folded = fold_of(qa, bare_of(question))
    m = _TITLE_ASKED.search(folded)
    if m is None:
        return None
    rest = bare_of(folded.replace(m.group(0), " "))
    if names_any(qa, rest):
        piece = getattr(qa, "piece", None)  # the piece its words describe, in one passage or over the article
        named = piece(rest, top_k) if piece is not None else None
        if named is None:
            found = qa.ask(query.without_credit(rest), top_k=top_k)
            if not found.answered or not found.hits:
                return None
            named = found.hits[0]
        hit = named
    elif topic is not None and topic.hits:
        hit = topic.hits[0]
    else:
        return None
    info = hit.article
    subtitle = (info.subtitle or "").strip().lstrip("—").strip()
    if m.group(1) == "副":
        text = subtitle
    else:
        text = info.title.strip() + (f" ——{subtitle}" if subtitle else "")
    if not text:
        return None
    return replace(hit, text=text, before="", after="", marks=((0, len(text)),), answer=None, kind="title", coverage=1.0)


# 孙洁还写了哪篇 / 她还写了别的稿子吗 / 温融媒发了哪几篇: the pieces a byline signs
_PIECES_ASKED = re.compile(
    r"(?:写|发|拍)了?(?:哪|几|什么|啥|别的|其他|其它)[^,，。?？]{0,3}?(?:篇|稿|文章|报道|张)|还(?:写|发)了|(?:别的|其他|其它)(?:稿|文章|报道)"
)
_PHOTO_CREDIT = re.compile(r"\s*摄(?:影)?$")


def pieces_by(qa: Asker, topic: Topic | None, question: str, top_k: int | None) -> Answer | None:
    """孙洁写了哪几篇 / 这人还写了哪篇 (after a byline shown): the pieces the byline named, or the
    one of the article shown, signs, their headlines as hits (without the one shown, for 还 /
    别的); None unless a question asks that and the corpus has such pieces."""
    folded = fold_of(qa, bare_of(question))
    listing = getattr(qa, "articles", None)
    if listing is None or not _PIECES_ASKED.search(folded):
        return None
    infos = [info for info, _ in listing()]
    signed = {info.id: _PHOTO_CREDIT.sub("", (info.byline or "").strip()) for info in infos}
    who = max((b for b in set(signed.values()) if b and b in folded), key=len, default=None)
    shown = topic.hits[0].article if topic is not None and topic.hits else None
    if who is None and topic is not None and topic.hits and topic.hits[0].kind == "byline" and POINTER.search(folded):
        who = signed.get(topic.hits[0].article.id) or None  # 这人 / 她 after a byline shown: whoever signed it
    if not who:
        return None
    others = bool(re.search(r"还|别的|其他|其它|另外", folded))
    pieces = [info for info in infos if signed[info.id] == who and not (others and shown is not None and info.id == shown.id)]
    hits: list[Hit] = []
    for info in pieces:
        found = next((h for h in qa.ask(info.title, top_k=top_k).hits if h.article.id == info.id), None)
        if found is not None:
            text = info.headline
            hits.append(replace(found, rank=len(hits) + 1, text=text, before="", after="", marks=((0, len(text)),), answer=None, kind="title", coverage=1.0))
    return Answer(question, True, 0.0, hits) if hits else None


def credit_named(qa: Asker, question: str, top_k: int | None) -> Answer | None:
    """宗家桢慰问困难群众那篇是谁写的: a credit question naming its own piece is answered alone
    (the last question's words would name the last piece); None unless a byline answers it."""
    if not query.asks_credit(fold_of(qa, bare_of(question))):
        return None
    answer = qa.ask(question, top_k=top_k)
    return answer if answer.answered and answer.hits and answer.hits[0].kind == "byline" else None


def shown_answers(qa: Asker, topic: Topic, own: list[str], asked: str, kind: str | None, found: Answer, question: str = "") -> Hit | None:
    """他是在什么会上讲的 / 对它有什么要求: a follow-up pointing back (or naming no subject) whose
    own words the passage just shown holds asks about that passage, whatever else holds the
    words better. Not when it shows them only as items of a list (…、区人民医院和… passes by
    the hospital; 在区人民医院他说了什么 asks where the account is about it), nor for a credit,
    nor without words of its own (为什么 alone); a verb of saying need not be the passage's
    (要求 / 说 / 强调). One asking a count or a date (`question`, 在一线坚持了几天) stays too when
    the passage shown holds one and as many of its words as the best hit found. The passage,
    answered for the follow-up."""
    if kind not in ("pointer", "zero") or not own or not topic.hits:
        return None
    hit = topic.hits[0]
    top = found.hits[0] if found.answered and found.hits else None
    if top is not None and (top.kind == "byline" or top.passage_id == hit.passage_id):
        return None
    own = [w for w in own if w not in SAYING] or own  # 他要求…做啥 is answered by 他说,…
    held = shown_holding(qa, topic, own, asked)
    if held is None and top is not None and question and _shown_counts(qa, hit, top, own, question):
        reanswer = getattr(qa, "reanswer", None)
        held = reanswer(asked, hit) if reanswer is not None else replace(hit, answer=None)
    return held


def _shown_counts(qa: Asker, shown: Hit, top: Hit, own: list[str], question: str) -> bool:
    """Whether the passage shown holds a count or date of what `question` asks (几天: a number
    of days) and at least one of its own words, no fewer than the best hit found holds."""
    e = answers.expected(fold_of(qa, question))
    tagged = getattr(getattr(qa, "analyzer", None), "tagged_words", None)
    if shown.kind != "passage" or e.kind not in (answers.NUMBER, answers.DATE) or tagged is None:
        return False
    text = fold_of(qa, shown.text)
    if not answers.candidates(e.kind, text, e.units, tagged):
        return False
    mine = sum(holds_term(text, w) for w in own)
    return mine > 0 and mine >= sum(holds_term(fold_of(qa, top.text), w) for w in own)


def shown_holding(qa: Asker, topic: Topic, own: list[str], asked: str) -> Hit | None:
    """The passage shown, answered for `asked`, when it holds every one of `own` and not only as
    items of a list (…、区人民医院和… passes by the hospital); None otherwise."""
    hit = topic.hits[0]
    text = fold_of(qa, hit.text)
    if not all(holds_term(text, w) for w in own) or any(_only_listed(text, w) for w in own):
        return None
    reanswer = getattr(qa, "reanswer", None)
    return reanswer(asked, hit) if reanswer is not None else replace(hit, answer=None)


QUOTED_CHARS = 5  # a stretch of a question this long found in a passage is quoted (a word alone, 医养中心, may be a list's item)


def quotes(question: str, text: str) -> bool:
    """Whether a question repeats QUOTED_CHARS characters running of the text: more than a word."""
    return any(question[i : i + QUOTED_CHARS] in text for i in range(len(question) - QUOTED_CHARS + 1))


def _only_listed(text: str, word: str) -> bool:
    """Whether every mention of `word` in `text` is an item of a list (…、区人民医院和…)."""
    lists = [(e[0][0], answers.last_item_end(text, e)) for e in answers.enumerations(text)]
    at = [m.start() for m in re.finditer(re.escape(word), text)]
    return bool(at) and all(any(a <= i < b for a, b in lists) for i in at)


def _shown_holds(qa: Asker, topic: Topic, own: list[str]) -> bool:
    """Whether the passage shown answers a 那X呢 about X as it answered the last question: it
    holds X, and not only as an item of a list, unless the last question asked which one (哪个
    加油站 -> 卫生院呢 is the list's 卫生院); never a why (为啥去加油站 -> 卫生院呢: a passage
    naming the clinic gives no reason for it)."""
    text = fold_of(qa, topic.passage)
    kind = answers.expected(fold_of(qa, topic.question)).kind
    if kind == answers.REASON or not all(holds_term(text, w) for w in own):
        return False
    return kind is not None or not any(_only_listed(text, w) for w in own)


def when_of(qa: Asker, topic: Topic, question: str, top_k: int | None) -> Turn | None:
    """哪天说的 / 这是哪天的事 (or 在哪说的, 谁说的): a follow-up asking only when the last answer happened. News
    dates an event once, in the sentence that opens its account (1月27日上午, 李培华… then
    sentences without a date), so the answer is the nearest sentence at or before the last
    answer, in its article, that names a date. None when the follow-up asks anything else
    (words the last answer does not hold) or no such sentence exists."""
    asked = answers.expected(fold_of(qa, question)).kind
    said = asked in (answers.PLACE, answers.NAME) and _WHO_WHERE_SAID.search(fold_of(qa, question))
    if asked != answers.DATE and not said:
        return None
    shown = fold_of(qa, topic.passage)
    if any(w not in shown and not POINTER.match(w) for w in own_terms(qa, question)):
        return None  # 这是, 这个 point back; any other word the last answer lacks asks something else
    found = _sentences_from(qa, topic.article_id, topic.passage)
    if found is None:
        return None
    sentences, start = found
    for i in range(start, -1, -1):
        if i == start and not DATE.search(sentences[i]):
            # the last answer may show several sentences: a date before its answer is the answer
            # (one after it opens the next account: …身体健康。\n1月31日,毛文明到…)
            shown_dated = _last_date_before(topic)
            if shown_dated:
                turn = Turn(Answer(question, True, 0.0, list(topic.hits)), topic.question, "when")
                return _dated(turn, shown_dated.group(0)) if asked == answers.DATE else _reanswered(qa, turn, question)
            continue
        m = DATE.search(sentences[i])
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
    found = list(DATE.finditer(text, 0, end))
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


def day_of(qa: Asker, topic: Topic) -> str | None:
    """The day the last answer is about (那天, 当天): the date it shows before its answer (not
    one opening the next account in the same window), else the date of the sentence opening
    its account (as for 哪天说的), without the time of day."""
    m = _last_date_before(topic)
    if m is None:
        found = _sentences_from(qa, topic.article_id, topic.passage)
        if found is not None:
            sentences, start = found
            m = next((d for d in (DATE.search(s) for s in reversed(sentences[: start + 1])) if d), None)
    if m is None:
        return None
    day = _DAY.match(m.group(0))
    return day.group(0) if day else None


def range_day(qa: Asker, topic: Topic, first: bool) -> str | None:
    """The first (or last) day of the span of days the account shown covers (第一天 / 一开始 /
    最后一天 after 1月23日至2月3日,毛文明多次…督导): the range in the passage shown, else in its
    article's opening sentences, where news gives an account's span; None without one."""
    found = qa.article(topic.article_id)
    for text in (topic.passage, *(found[1][:2] if found is not None else ())):
        m = answers.DATE_RANGE.search(fold_of(qa, text))
        if m is not None:
            ends = [d for d in (_DAY.search(x.group(0)) for x in DATE.finditer(m.group(0))) if d]
            if len(ends) >= 2:
                day = ends[0] if first else ends[-1]
                month = ends[0].group(2) if not first and day.group(2) is None else None  # 2月3日至5日: 2月5日
                return f"{month}月{day.group(0)}" if month else day.group(0)
    return None


def day_shifted(qa: Asker, topic: Topic, by: int) -> str | None:
    """The day before or after the last answer's (前一天 / 后一天 / 次日 of 2月3日: 2月2日, 2月4日),
    across a month's end when the month is known (its year from the article's date); None
    when the last answer names no day."""
    day = day_of(qa, topic)
    m = _DAY.fullmatch(day or "")
    if m is None:
        return None
    year, month, n = m.group(1), m.group(2), int(m.group(3))
    if month is None:  # 3日: no month to roll over into
        return f"{n + by}日" if 1 <= n + by <= 28 else None
    dated = topic.hits[0].article.date if topic.hits else None
    if year is None:
        year = dated[:4] if dated and dated[:4].isdigit() else "2000"  # a leap year: 2月29日 stays a day
    try:
        shifted = datetime.date(int(year), int(month), n) + datetime.timedelta(days=by)
    except ValueError:
        return None
    return f"{shifted.month}月{shifted.day}日"


def _dated(turn: Turn, date: str) -> Turn:
    """The card with its date as the answer span."""
    hits = list(turn.answer.hits)
    if hits and date in hits[0].text:
        at = hits[0].text.index(date)
        hits[0] = replace(hits[0], answer=Span(date, at, at + len(date)))
    return replace(turn, answer=replace(turn.answer, hits=hits))
