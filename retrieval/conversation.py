"""What a chat message says, and what a chat remembers of the last answer.

A follow-up (他去了哪里, 那马村区呢, 还有呢, 第二点是什么) is read from its own words: its
pointing and asking words, its dates, places and names, its ordinal. This module reads them
(`Dialogue.kind` decides from them), composes the standalone question a follow-up asks
(`compose`), and holds the records a conversation keeps: the `Topic` of the last answer and
each message's `Turn`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from . import answers, query
from .model import ArticleInfo
from .service import Answer, Hit

LIST_ITEMS = 20  # a passage opening item 1..this of a list (一要…, 第二…) is an item of it

_CN_DIGITS = "零一二三四五六七八九"
PUNCT = "?？!！。.,，、~～ 　\t\n"
# Words that point back at something named before.  该 in 应该 and 其 in 其他/其实/尤其
# are ordinary words, not references.
POINTER = re.compile(r"(?<![其])[他她它]|这|(?<!应)该|(?<![尤极])其(?![他实余])|那(?=[里儿个次位家张篇条天些])")
MORE = re.compile(r"^(?:那|那么)?(?:还有|另外|其他的?|别的)(?:呢|吗|的呢|什么|哪些|谁)?$")
# 还去了哪里, 还有别的企业捐了吗, 其他项目呢: the same question again, for another answer
# (其他X做了什么 stands alone: 其他 names a group, not "another answer")
MORE_OF = re.compile(r"^(?:那|那么)?(?:还有别的|还有其他的?|还有|还(?!是|要|在|没|不|会|能|可以)|另外|别的)")
SHORT = 8  # characters: a question this short with nothing named of its own leans on the last one
ORDINAL = re.compile(
    r"(?:第([一二三四五六七八九十两\d]{1,3})|(头[一1]|首(?=[个点条项位家处站件]))|(最后那?(?=[一1]|[个点条项位家处站件])[一1]?)"
    r"|(?<![^的说讲那这,，\s])([一二三四五六七八九十\d])要(?=是|呢|说|讲|$))"
    r"(?:个|点|条|项|位|家|处|次|要求|件|站)?"
)  # 第二个, 头一点 / 首个 (1), 最后一家 / 最后那一点 (-1: the last); 六要是啥 (a speech's 六要…: 6)
# 第五条是啥 at the end of a question of its own: the nth item of the list the rest of it finds
# what asks, in any question: the carried question's asking words go when the follow-up has its own
_WHICH_COUNT = re.compile(r"哪[一二两三四五六七八九十几\d]+[个位家项条种样件处]?")  # 哪两个: asking, not 两个
_ASKS = re.compile(f"{answers.ASKING.pattern}|{answers.ASKS_NAME.pattern}|是不是|吗")
DATE = re.compile(
    r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号])?(?:上午|下午|晚上?|早上?|中午|凌晨)?"
    r"|\d{1,2}[日号](?:上午|下午|晚上?|早上?|中午)?|(?<![\w])(?:上午|下午|晚上|当晚|当天)"
)
_PLACE_END = ("省", "市", "区", "县", "镇", "乡", "村", "街道", "社区", "路", "中心", "院", "公司", "站", "场", "馆", "所", "口", "卡点", "超市")
# 这么重要 / 这个村 / 那些人: the demonstrative points back, it is no word of the follow-up's own
SAYING = frozenset({"说", "要求", "强调", "表示", "指出", "提出", "提到", "谈到", "讲到", "说道", "认为", "称"})  # verbs of saying
_POINTING = re.compile(r"[这那](?:么|样|个|些|里|儿|种|位|家|次|天|边|时|是)?")
# 还有别的企业捐了吗 asks for another one, not what this one did; 其他 is no word of its own
ANOTHER = re.compile(r"别的|其他|其它|另外|另一|其余")
# 具体送些什么 / 到底是哪天: adverbs of how exactly something is asked, no subject of a follow-up's own
_HOW_EXACTLY = re.compile(r"具体|详细|到底|究竟|大概|大约")
_QUESTION_CHARS = re.compile(r"[啥谁哪咋吗呢]|什么|多少")
_FILLER = re.compile(r"^(?:那么?(?![里儿个些位家天样边时篇张条则])|还有|再问一下|请问)|(?:呢|吗|啊|呀|的呢)$")  # not 那里, 那个: they point
# 谢谢 / 好的 / 哈哈哈 / 明白了 / 辛苦了: a message made only of thanks, assent, laughter or praise
# asks nothing; searched with the last question's words, it would get the last answer again
_ACKNOWLEDGING = (
    r"(?:谢谢|多谢|感谢|谢了|谢啦|谢|thanks?|thx|thankyou|好的|好滴|好吧|好|行吧|行|嗯+|恩+|哦+|噢+|喔+|ok|okay|"
    r"明白|知道|懂|了解|收到|哈+|呵+|嘿+|嘻+|厉害|牛+|赞+|棒|不错|辛苦|可以|对的|对|是的|没事|再见|拜拜|晚安)"
)
_CHATTER = re.compile(rf"(?:(?:你|您|大家|非常|太|真|很)?{_ACKNOWLEDGING}(?:你们?|您|大家|啦|了|啊|呀|哈|哦|喔|嘛|吧|的|嘞|咧|呢)*)+", re.IGNORECASE)


class Asker(Protocol):
    """What a Dialogue needs of NewsQA (a wrapper that delegates will do)."""

    def ask(self, question: str, top_k: int | None = None) -> Answer: ...

    def article(self, article_id: str) -> tuple[ArticleInfo, list[str]] | None: ...


@dataclass(frozen=True)
class Topic:
    """What the last question was about. One that found no answer still sets the subject (its
    words, its best hit as a guess), but showed nothing (`shown` False): 还有呢 or 第二个 has
    nothing to go on from."""

    question: str  # the standalone question that was searched
    article_id: str  # the article of its best hit: a follow-up prefers it
    passage: str  # the best hit's text: an ordinal follow-up reads the list after it
    seen: tuple[int, ...]  # passage ids already shown first, skipped by 还有呢
    hits: tuple[Hit, ...]
    at: float
    shown: bool = True
    said: tuple[str, ...] = ()  # the answers marked so far in this conversation: 还有呢 skips them


@dataclass(frozen=True)
class Turn:
    """One message's outcome: the service's Answer and how the message was read."""

    answer: Answer
    asked: str  # the standalone question searched (the message itself unless a follow-up)
    follow_up: str | None = None  # "pointer", "ellipsis", "zero", "more", "ordinal", "when" or None
    orphan: bool = False  # a follow-up with nothing to follow: say so instead of guessing
    chatter: bool = False  # thanks, assent or laughter (谢谢, 好的, 哈哈): nothing asked, nothing searched
    again: bool = False  # a pointing follow-up nothing answers: the account shown, shown again unmarked
    previous: str | None = None  # the question a follow-up followed (replaying both gives this turn again)


def is_chatter(qa: Asker, text: str) -> bool:
    """Whether a message only thanks, assents, laughs or praises (谢谢!, 好的👌, 哈哈哈, 辛苦了,
    非常感谢, 好嘞), or is an emoji alone (👍): read folded (謝謝), emoji and punctuation aside.
    A question is not (谢谢，他是谁; 没事吧?)."""
    analyzer = getattr(qa, "analyzer", None)
    folded = analyzer.fold(text) if analyzer is not None else text  # not fold_of: 好嘞 is no 好呢
    if re.search(r"[?？]", folded) and not re.search(r"谢|thank", folded, re.IGNORECASE):
        return False  # 没事吧? 对吧? ask
    core = re.sub(r"[\W_]+", "", folded)
    if not core:  # 👍 / 🙏🙏: symbols alone, no question mark
        return bool(folded.strip()) and not re.search(r"[^\W_]", folded)
    return _CHATTER.fullmatch(core) is not None


def asks_itself(qa: Asker, text: str) -> bool:
    """Whether a message has a question word of its own (他在哪个会上讲的, 要咋弄), rather than
    leaning on the last question's (那马村区呢)."""
    return bool(_ASKS.search(bare_of(fold_of(qa, text))))


def bare_of(text: str) -> str:
    """The message without punctuation, 那…呢 and such fillers: what it says of its own."""
    text = text.strip(PUNCT)
    for _ in range(2):
        text = _FILLER.sub("", text).strip(PUNCT)
    return text


def ordinal_number(token: str) -> int:
    """第二 -> 2, 第十二 -> 12, 第3 -> 3 (0 when not a number)."""
    if token.isdigit():
        return int(token)
    token = token.replace("两", "二")
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)
    return _CN_DIGITS.index(token) if all(ch in _CN_DIGITS for ch in token) and len(token) == 1 else 0


def ordinal_value(m: re.Match[str]) -> int:
    """An ORDINAL match's number: 第二 -> 2, 六要 -> 6, 头一 -> 1, 最后一个 -> -1 (the last), 0 if none."""
    if m.group(1) or m.group(4):
        return ordinal_number(m.group(1) or m.group(4))
    return 1 if m.group(2) else -1


def _chinese(n: int) -> str:
    """2 -> 二, 12 -> 十二: how the corpus numbers the items of a list."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def opens_item(sentence: str, n: int) -> bool:
    """Whether a sentence opens the nth item of a list: 二要…, 第二…, 其二…, (二)…, 2、…"""
    s = sentence.lstrip(" 　\n“\"'‘——")
    cn = _chinese(n)
    starts = (f"{cn}要", f"{cn}是", f"{cn}、", f"{cn}，", f"{cn},", f"第{cn}", f"其{cn}", f"({cn})", f"（{cn}）", f"{n}、", f"{n}.", f"({n})", f"（{n}）")
    return s.startswith(starts)


def item_number(passage: str) -> int:
    """n when a passage opens the nth item of a list (一要…, 第二…), else 0."""
    return next((n for n in range(1, LIST_ITEMS + 1) if opens_item(passage, n)), 0)


def is_place(word: str) -> bool:
    """A place-like word (温县, 马村区, 加油站): a follow-up naming one replaces the previous one's.
    A level or kind alone (街道, 社区, 卡点 of 哪个街道) names no place."""
    if word.endswith("口") and len(word) < 3:  # 人口, 户口, 窗口 are things; 下站口, 十字路口 places
        return False
    return len(word) >= 2 and word not in _PLACE_END and word.endswith(_PLACE_END)


def names_any(qa: Asker, bare: str) -> bool:
    """Whether a message names a date, a place, a name or a number of its own (温县经济的GDP
    是多少 does; 哪些县领导跟着一起 does not)."""
    rest = DATE.sub("", bare)
    return rest != bare or any(is_place(w) or is_name(qa)(w) for w in content(qa, rest)) or any(ch.isdigit() for ch in rest)


# 那赵林林嘞 / 油蔴村咧: the colloquial final particles of 那…呢
_LIKE_NE = re.compile(r"[嘞咧](?=[\s?？!！。.,，~～]*$)")


def fold_of(qa: Asker, text: str) -> str:
    """The text as the analyzer reads it (Simplified, digits), so 還有呢 reads as 还有呢, and
    a final 嘞 or 咧 as 呢."""
    analyzer = getattr(qa, "analyzer", None)
    return _LIKE_NE.sub("呢", analyzer.fold(text) if analyzer is not None else text)


def content(qa: Asker, text: str) -> list[str]:
    """The message's search terms (the service's analyzer when it has one)."""
    analyzer = getattr(qa, "analyzer", None)
    if analyzer is None or not text.strip():
        return [w for w in re.split(r"\W+", text) if w]
    return [w for w in analyzer.tokens(text) if not ORDINAL.fullmatch(w)]


_RANGE = "至到-—~～"
_CLAUSE = re.compile(r"[,，;；:：。!！?？]")
SENTENCE_END = re.compile(r"(?<=[。!！?？])")


def opens_with(qa: Asker, text: str, own: list[str]) -> bool:
    """Whether one of the follow-up's own terms is in the first clause of a sentence of the hit
    (a hit may show a neighbour before the sentence that opens with them)."""
    for sentence in SENTENCE_END.split(fold_of(qa, text)):
        folded = re.sub(r"^本报讯\s*", "", sentence.lstrip(' 　—“"\n'))
        first = _CLAUSE.split(folded, maxsplit=1)[0]
        if any(holds_term(first, w) for w in own):
            return True
    return False


def holds_term(text: str, term: str) -> bool:
    """Whether folded text holds a term; a date counts only outside a range (1月23日至2月3日
    is not about 2月3日)."""
    if not DATE.fullmatch(term):
        return term in text
    i = text.find(term)
    while i >= 0:
        before, after = text[i - 1 : i] if i else "", text[i + len(term) : i + len(term) + 1]
        if before not in _RANGE or not before:
            if after not in _RANGE or not after:
                return True
        i = text.find(term, i + 1)
    return False


def hits_holding(qa: Asker, hits: list[Hit], own: list[str]) -> list[Hit]:
    """The hits whose text holds every one of the follow-up's own terms."""
    return [h for h in hits if all(holds_term(fold_of(qa, h.text), w) for w in own)]


def most_held(qa: Asker, hits: list[Hit], own: list[str]) -> list[Hit]:
    """The hits holding every one of the follow-up's own terms; failing that, those holding the
    most of them (a date counting double: 他1月23日去了哪里检查 is about that day, whatever
    verb the passage uses). A place counts as held by a passage of an article that names it:
    news names the place once and then says 全区, 该县."""
    if not own:
        return []
    articles: dict[str, str] = {}

    def in_article(h: Hit) -> str:
        if h.article.id not in articles:
            articles[h.article.id] = article_text(qa, h.article.id)
        return articles[h.article.id]

    def weight(h: Hit) -> int:
        text = fold_of(qa, h.text)
        return sum((2 if DATE.fullmatch(w) else 1) for w in own if holds_term(text, w) or is_place(w) and w in in_article(h))

    weights = {id(h): weight(h) for h in hits}
    best = max(weights.values(), default=0)
    return [h for h in hits if weights[id(h)] == best] if best > 0 else []


def article_text(qa: Asker, article_id: str) -> str:
    """An article's headline and text, folded: where a place it names once is looked for."""
    found = qa.article(article_id)
    return fold_of(qa, found[0].title + "".join(found[1])) if found else ""


def strange(qa: Asker, message: str, shortest: int, *, every: bool = True) -> bool:
    """Whether a message's words of `shortest`+ characters, asking words aside, are all ones
    the corpus never uses (红烧肉怎么做): it is about something else, not the last subject. A
    short message's two-character words are mostly how people talk (拿去干嘛), not subjects.
    every=False: whether any one is (温县经济的GDP是多少: the corpus never says GDP)."""
    vocab = getattr(getattr(qa, "index", None), "vocab", None)
    terms = content(qa, answers.ASKING.sub(" ", fold_of(qa, bare_of(message))))
    words = [w for w in terms if len(w) >= shortest]
    # 主持人 is no word of the corpus, but 主持, which the analyzer also cut from it, is
    parts = [w for w in terms if len(w) > 1 and w not in words and any(w in long for long in words)]
    if not every:  # a word neither the corpus nor the segmenter's dictionary knows (除了 is in the dictionary)
        known = getattr(getattr(qa, "analyzer", None), "in_dictionary", None)
        return vocab is not None and known is not None and any(w not in vocab and not known(w) and not any(p in vocab for p in parts if p in w) for w in words)
    return vocab is not None and bool(words) and not any(w in vocab for w in words + parts)


def own_terms(qa: Asker, follow_up: str) -> list[str]:
    """What the follow-up itself asks about: its dates and its words the corpus knows."""
    analyzer = getattr(qa, "analyzer", None)
    own = analyzer.fold(bare_of(follow_up)) if analyzer is not None else bare_of(follow_up)
    own = answers.ASKING.sub(" ", _WHICH_COUNT.sub(" ", own))  # 值守多长时间: 时间 is how it asks, 值守 what it asks about
    dates = [re.sub(r"(?<=\d)号", "日", m.group(0)) for m in DATE.finditer(own)]  # 1月23号 is written 1月23日
    vocab = getattr(getattr(qa, "index", None), "vocab", None)
    # single characters (去, 说) are too weak to insist on: the passage may say 到, 表示
    words = [
        w
        for w in content(qa, DATE.sub(" ", own))
        if len(w) > 1 and (vocab is None or w in vocab) and not ANOTHER.fullmatch(w) and not _POINTING.fullmatch(w) and not _HOW_EXACTLY.fullmatch(w)
    ]
    return dates + words


def compose(qa: Asker, previous: str, follow_up: str, *, replace_names: bool = True) -> str:
    """A standalone question: the follow-up's own words, then the previous question's, without
    the date, place or name the follow-up replaces (那马村区呢 after 温县县委书记是谁 asks
    马村区 … 县委书记是谁) and without its pointing words (他, 这, 那…呢)."""
    own = bare_of(fold_of(qa, follow_up))
    words = content(qa, own)
    carried = fold_of(qa, previous)
    credit = query.credit_asked(carried)
    if credit is not None and not query.asks_credit(own):
        # after 那篇稿子谁写的: 那会谁主持 asks about the piece's content, without its credit;
        # 那篇马村抗疫纪实呢 asks the credit of the piece it names instead
        if words and not _ASKS.search(own):
            return f"{own}{credit}"  # one phrase: 马村抗疫纪实谁写的 names its piece
        carried = query.without_credit(carried)
    if _ASKS.search(own):  # 他去了哪里 after 县长是谁 asks a place, not a name: one question word
        carried = _ASKS.sub(" ", carried)
    if DATE.search(own):
        carried = DATE.sub("", carried)
    for kind in (is_place, is_name(qa)) if replace_names else (is_place,):
        if any(kind(w) for w in words):
            for w in sorted((w for w in content(qa, carried) if kind(w)), key=len, reverse=True):
                if w not in carried:
                    continue
                carried = _outside_dates(carried, w)  # 1月30日去了哪: 日去, tagged a name, is in a date
                if kind is is_place:
                    carried = _shift_level(carried, w, max((x for x in words if is_place(x)), key=len))
    return f"{own} {carried.strip(PUNCT)}".strip()


def _outside_dates(text: str, word: str) -> str:
    """The text without `word` where it is not part of a date."""
    dates = [m.span() for m in DATE.finditer(text)]
    out, at = [], 0
    for m in re.finditer(re.escape(word), text):
        if not any(a < m.end() and m.start() < b for a, b in dates):
            out.append(text[at : m.start()])
            at = m.end()
    return "".join(out) + text[at:]


_LEVELS = "省市县区镇乡村"
_OFFICE = "委|长|政府|人大|政协|纪委|领导"


def _shift_level(carried: str, old: str, new: str) -> str:
    """Offices are named after their level: after 温县县委书记是谁, 那马村区呢 asks for the
    区委书记 (县长 -> 区长, 副县长 -> 副区长), since a 区 has no 县委."""
    was, now = old[-1], new[-1]
    if was == now or was not in _LEVELS or now not in _LEVELS:
        return carried
    return re.sub(rf"{was}(?={_OFFICE})", now, carried)


def is_name(qa: Asker) -> Callable[[str], bool]:
    """A predicate for names (people, organizations) as the service's analyzer tags them; a
    word holding a question character (加啥, 找谁) is none, whatever the tagger says, nor is a
    word the segmenter made up that the corpus never uses (做些 of 具体做些什么): a name a
    reader asks about is one the corpus names."""
    analyzer = getattr(qa, "analyzer", None)
    vocab = getattr(getattr(qa, "index", None), "vocab", None)

    def named(word: str) -> bool:
        asks = _QUESTION_CHARS.search(word)
        if analyzer is None or len(word) < 2 or is_place(word) or asks:
            return False
        unknown = vocab is not None and word not in vocab and not analyzer.in_dictionary(word)
        return not unknown and analyzer.has_name(word)

    return named
