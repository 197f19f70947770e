"""From a question's terms to what is searched.

The analyzer cuts a question the way it cuts passages, but jieba still splits an
unfamiliar question differently at the edges of words ("指挥长由谁" -> 指挥 / 长由,
where the passage has 指挥 / 长). This module works against the index's vocabulary:
a question word the corpus never saw is searched through the characters it does
know, while the abstention rule still counts that word as missing, so off-topic
questions do not get answered through stray characters; only a known character
glued to a function one (长是, 事要) counts as that character. It also recognizes
questions that ask who wrote or photographed an article (这篇报道的作者是谁), whose
answer is its byline: no sentence holds it, so the words about the piece and its
credit are not searched. The kind of answer other questions ask for (a count, a
date, a name, a place) is answers.py's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass

from .numbers import UNITS
from .scorer import Scorer
from .text import is_cjk

# jieba keeps some question words whole with a unit (哪几天, 几次, 啥样); the stopword list
# cannot hold every such form. A word the corpus lacks that is a question character plus
# units or measure words is one; 几何 or 茶几 are not.
_QUESTION_WORD = re.compile(rf"[哪几啥咋谁]+[{UNITS}个位种样些本只张句回遍场份]*")
# A credit question asks for the maker of a piece of the paper, right after naming it:
# 这篇报道的作者是谁, 那张照片是谁拍的, 报道由谁撰写, 写这篇报道的是谁. Asking about what a
# piece says (报道中提到的…作者是谁, 新闻发布会上提问的记者是谁) is not one. Asking for a
# maker without naming a piece (直面没有硝烟的战场是谁写的, 《红楼梦》的作者是谁) may be one:
# the service decides, by whether the rest of the question is the best article's headline.
_PIECE = (
    "这篇|那篇|该篇|本篇|此篇|这稿|那稿|该稿|本稿|此稿|一文|该文|本文|此文|这条|那条|该条|这则|那则|这张|那张|该张|这幅|那幅|"
    "这组|那组|文章|报道|报导|稿件|稿子|新闻稿|新闻|消息|通讯(?!员)|纪实|特写|评论|照片|图片|相片|配图"
)
_MAKER = "作者|记者|通讯员|撰稿人|撰稿|摄影师|摄影记者|摄影|署名单位|署名|执笔人|执笔"
_MADE = "撰写|采写|执笔|拍摄|报道|供的?稿|写|拍|摄|照|发"  # 谁 … 的: 谁写的, 由谁拍摄, 谁发的 (not 谁发现, 谁拍板)
_END = r"(?:的|了|[?!。]|$)"
_CREDIT_ASKED = (
    rf"(?:{_MAKER})+(?:是谁|是哪位|是哪个|是哪家|叫什么|叫啥|是什么|是啥|是何人|姓什么|是?[?!。]?$)"  # 署名记者是谁, 作者是?, 署名是哪家 (温融媒)
    rf"|(?:哪位|哪个|哪名|哪家)(?:{_MAKER})"
    rf"|由?(?:谁|哪家(?:媒体|报社|单位)?|哪个(?:媒体|报社|单位)|什么媒体)(?:{_MADE}){_END}"
    rf"|(?:哪里|哪儿|哪)(?:发|供的?稿){_END}"  # 这篇是哪里发的, 稿子是哪发的 (not 照片是在哪里拍摄的: a place)
    r"|出自谁"
)
# 这篇稿子是哪来的: a piece's source is its byline (温融媒); asked of anything else (物资是从哪来的) it is no credit
_SOURCE = r"(?:是|从)?(?:哪来的|哪里来的|哪儿来的|出自哪|来自哪)|来源(?:是|为)?(?:哪|什么|啥|谁|[?!。]?$)"  # …来源是?
_NAMES_PIECE = re.compile(rf"(?:{_PIECE})(?:的|是|,)?(?:{_CREDIT_ASKED}|{_SOURCE})|(?:撰写|采写|拍摄|写|拍|照)[^,?!。]*?(?:{_PIECE})的人?是谁")
_ASKS_MAKER = re.compile(_CREDIT_ASKED)
_CREDIT_WORDS = re.compile(rf"(?:{_PIECE}|{_MAKER})稿?|稿子|稿件|那篇|这篇|[篇张幅]")
# a genre names a piece by its subtitle (…奋战疫情防控纪实): 马村那篇纪实谁写的 searches it
_GENRE = re.compile(r"纪实|特写|评论|通讯|侧记|综述|述评|专访|随笔|短评|时评")
_ASKS_PHOTO = re.compile(r"照片|图片|相片|配图|拍|摄|谁照")
# Question words about the piece and its credit, not about its content: left out of the search.
_CREDIT_TERM = re.compile(rf"(?:{_PIECE}|{_MAKER}|{_MADE}|出自|来源|之手|手笔|人|[篇条则张幅])+")
# A byline that credits a photograph: 梁双 摄, 新华社记者 李贺摄, (梁双 摄), 摄影 张三, 图/新华社.
_PHOTO_BYLINE = re.compile(r"摄(?:影)?(?:报道)?$|^摄影|供图|^图(?:片)?\s*[/:]")
_BRACKETS = "()[]【】（）〔〕"
# The function characters jieba glues to the edge of a neighbouring word in a question
# (指挥长是谁 -> 长是, 指挥长由谁 -> 长由, 防控事要咋办 -> 事要, 是从哪天): copula, agent,
# modal and preposition characters that start the predicate after a subject.
_GLUE = frozenset("是由要在从把被将对为")


@dataclass(frozen=True)
class Query:
    """What one question searches for, and how its answer is judged."""

    terms: tuple[str, ...]  # ranked terms, repeats kept
    coverage_terms: tuple[str, ...]  # distinct terms whose IDF mass a passage must cover
    mass: float  # their summed weight (see weight)
    asks_credit: bool = False  # the answer may be an article's byline (…的作者是谁, …是谁写的)
    names_piece: bool = False  # …and the question says which piece it means (这篇报道的作者是谁)
    asks_photo: bool = False  # …the credit for its photograph (那张照片是谁拍的)


def plan(
    terms: list[str],
    folded_question: str,
    index: Scorer,
    stopwords: Container[str],
    *,
    fallback: bool = True,
    credit: bool = False,
    piece: bool = False,
    dictionary: Callable[[str], bool] | None = None,
) -> Query:
    """A Query from the analyzer's terms of the question, against the index's vocabulary.

    With `credit`, a question asking for a piece's byline searches only for the piece
    (the article's content), without the words about the piece and its credit; with `piece`,
    so does a description of a piece whatever it asks (温县毛文明督导那篇稿子 of 标题叫啥)."""
    # dictionary: whether the segmenter's dictionary knows a word (时间段 is one; 说卡点, which
    # its HMM glued, is not): only a glued word is searched by the corpus word inside it
    vocabulary = index.vocab
    terms = [t for t in terms if t in vocabulary or not _QUESTION_WORD.fullmatch(t)]
    named = names_piece(folded_question)
    by_credit = asks_credit(folded_question)
    if piece or (credit and by_credit):  # a genre (纪实, 特写) names the piece by its subtitle: it stays
        terms = [t for t in terms if not _CREDIT_TERM.fullmatch(t) or _GENRE.fullmatch(t)]
    present = set(terms)  # with oov_chars the analyzer may already have added a word's characters
    ranked: list[str] = []
    parts = {t: known_part(t, vocabulary, dictionary) for t in terms} if fallback else {}
    for term in terms:
        part = parts.get(term)
        if part is not None:
            ranked.append(part)
        elif fallback and term not in vocabulary and len(term) > 1 and any(is_cjk(ch) for ch in term):
            pieces = [ch for ch in term if ch in vocabulary and ch not in stopwords and ch not in present]
            ranked.extend(pieces or [term])
        else:
            ranked.append(term)
    units = coverage_units([parts[t] or glued(t, vocabulary, stopwords) if fallback else t for t in terms], vocabulary)
    mass = sum(weight(t, index) for t in units)
    return Query(
        tuple(ranked),
        units,
        mass,
        asks_credit=by_credit,
        names_piece=named,
        asks_photo=by_credit and asks_photo(folded_question),
    )


def asks_credit(folded_question: str) -> bool:
    """Whether a question may ask for a byline: it names a piece and asks its maker, or asks
    who made something (谁写的, 作者是谁)."""
    return names_piece(folded_question) or bool(_ASKS_MAKER.search(folded_question))


def asks_photo(folded_question: str) -> bool:
    """Whether a credit question asks who took a picture rather than who wrote."""
    return bool(_ASKS_PHOTO.search(folded_question))


def credit_asked(folded_question: str) -> str | None:
    """The words that ask for a credit (是谁写的, 作者是谁), or None."""
    m = _ASKS_MAKER.search(folded_question)
    return m.group(0) if m else None


def without_credit(folded_question: str) -> str:
    """The question without its words about a piece and its credit: what the piece is about
    (温县经济运行调度会议稿子谁写的 -> 温县经济运行调度会议)."""
    return _CREDIT_WORDS.sub(" ", _ASKS_MAKER.sub(" ", folded_question))


def is_credit_term(term: str) -> bool:
    """Whether a term is about a piece and its credit (这篇, 报道, 作者, 拍), not its content."""
    return bool(_CREDIT_TERM.fullmatch(term))


# How people open or pad a question to a person, not what they ask: 麻烦问一下, 我想知道,
# 报上说 / 文章里提到 (the paper itself, which every passage is from), 来着 (…第几道关来着).
_COURTESY = re.compile(
    r"(?:^|(?<=[,，。;；!！?？\s]))(?:(?:麻烦|劳驾)?(?:你|您)?(?:想|请)?(?:问|打听|请教)一?下|我?想知道|我想了解)"
    r"|(?:报上|报纸上|报纸里|版面上|这版上|文章里|文章中|新闻里|新闻中|报道里|报道中|文中)(?:说|提到|讲|报道)?的?"
    r"|来着"
)  # the openers only where a sentence starts: not the 问下 of 顾问下午


def without_courtesy(question: str) -> str:
    """The question without the words that pad it (麻烦问一下, 报上说, 来着): they are not in
    the passages that answer it, and count against them."""
    return _COURTESY.sub(" ", question)


def names_piece(folded_question: str) -> bool:
    """Whether a question asks who wrote or photographed a piece of the paper it names."""
    return bool(_NAMES_PIECE.search(folded_question))


def has_byline(byline: str | None) -> bool:
    return bool(byline and byline.strip())


def credit_answers(byline: str | None, photo: bool) -> bool:
    """Whether a byline answers a credit question: any byline says who wrote a piece
    (a photo caption's credit is its author too), only a photo credit who took a picture."""
    if not has_byline(byline):
        return False
    return not photo or bool(_PHOTO_BYLINE.search((byline or "").strip().strip(_BRACKETS).strip()))


def weight(term: str, index: Scorer) -> float:
    """A term's share in the coverage mass: its IDF; a missing word counts as rarer than any
    the corpus has, but a missing single character half as much, since a lone character
    the corpus never holds as a word is mostly a generic verb or measure word (捐, 叫, 例)."""
    w = index.idf_of(term)
    return w / 2 if len(term) == 1 and term not in index.vocab else w


_NUMERAL_LEAD = re.compile(r"^[一二两三四五六七八九十百千\d]+(?=[\u4e00-\u9fff])")


def known_part(term: str, vocabulary: Container[str], dictionary: Callable[[str], bool] | None = None) -> str | None:
    """The corpus's word inside a word jieba glued that the corpus lacks: 哪四早 asks about 四早,
    the four 早 (早发现、早报告…): 早; 说卡点 is 说 and 卡点. None for a word the corpus has,
    one the segmenter's `dictionary` knows (时间段 is no 时间) or with no such part."""
    if term in vocabulary or len(term) < 2 or not all(is_cjk(ch) for ch in term) or term[0] == "第":
        return None  # 第一个 is an ordinal (a follow-up's), not 第一
    if dictionary is not None and dictionary(term):
        return None
    t = term[1:] if term[0] in "哪几" and len(term) > 2 else term
    t = _NUMERAL_LEAD.sub("", t)
    if t != term and t in vocabulary:
        return t
    if len(t) >= 3:
        for part in (t[1:], t[:-1]):
            if part in vocabulary:
                return part
    return None


def glued(term: str, vocabulary: Container[str], stopwords: Container[str]) -> str:
    """A two-character word the corpus lacks that jieba glued from a known word and a function
    character at a word's edge (指挥长是谁 -> 指挥 / 长是, 防控事要 -> 防控 / 事要): for coverage,
    the known character. Other missing words still count as missing, so an off-topic question
    is not answered through its stray characters (你好, 最快, 跟着 hold no such character)."""
    if len(term) != 2 or term in vocabulary or not all(is_cjk(ch) for ch in term):
        return term
    edge = [ch for ch in term if ch in _GLUE]
    content = [ch for ch in term if ch not in _GLUE and ch not in stopwords]
    return content[0] if len(edge) == 1 and len(content) == 1 and content[0] in vocabulary else term


def coverage_units(terms: list[str], vocabulary: Container[str]) -> tuple[str, ...]:
    """Distinct terms, with a missing compound counted once.

    Search mode emits a word and its dictionary sub-words (一把手, 一把, 把手); when the
    corpus lacks the word, its pieces are not three separate misses.
    """
    unique = list(dict.fromkeys(terms))
    missing = [t for t in unique if t not in vocabulary]
    return tuple(t for t in unique if t in vocabulary or not any(t != m and t in m for m in missing))
