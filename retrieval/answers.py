"""The kind of answer a question asks for, the candidates of that kind a passage holds,
and the span of a passage that answers.

A question asking 多少例 is answered by a count of cases (12例), not by any number
(24小时); 几支 by 两支; 捐了多少钱 by 10万元; 哪一年 by a year; 谁 by a name, which in
news may be transliterated (约翰·史密斯) or unknown to the dictionary. These are
patterns of the language: the measure word or unit after 多少/几 says what is counted,
and the question word says whether a number, a date, a name or a place is wanted.

All matching runs on folded text (analyzer.fold: Simplified, digits for numbers), and
spans are mapped back to the passage as written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .numbers import UNITS
from .text import is_cjk

NUMBER, DATE, NAME, PLACE, REASON = "number", "date", "name", "place", "reason"
OPEN_KINDS = (None, REASON)  # kinds a passage may answer without a candidate: any span can

# --- what a question asks for ---------------------------------------------------------

_ASKS_DATE = re.compile(
    r"哪1?年|何年|哪1?天|哪1?日|何日|何时|几时|什么时候|什么时间|啥时候|哪个?月|几月|几号|几点|"
    r"哪个?(?:年代|世纪|朝代|季节)|什么(?:年代|日子|季节)"
)
# 从哪天到哪天, 哪年至哪年, 什么时候到什么时候, 起止时间: a span of time, answered by a range (1月23日至2月3日)
_ASKS_RANGE = re.compile(rf"(?:{_ASKS_DATE.pattern})[^,，。;；?？]{{0,4}}(?:到|至)(?:{_ASKS_DATE.pattern})|起止(?:时间|日期)|起讫")
# 什么时候 may be answered by a time of day (基本都安排在傍晚); 哪天 and 几号 ask a day
_ASKS_WHEN = re.compile(r"什么时候|什么时间|啥时候|何时|几时")
_ASKS_DAY = re.compile(r"哪1?[年天日月]|何[年日]|几[月号点]|哪个月")
_RANGE_ASKED = re.compile(rf"(?:是?[从自由])?(?:{_ASKS_RANGE.pattern})")


def without_range_asked(folded_question: str) -> str | None:
    """The question without the words asking a span of time (是从几号到几号): they are how it
    asks, and 到 would find every sentence going somewhere. None when it asks no span."""
    stripped = _RANGE_ASKED.sub(" ", folded_question)
    return stripped if stripped != folded_question else None


_ASKS_HOME = re.compile(r"谁家(?!的)|哪[一1几些两2]?户")  # whose home (去了谁家), not whose (谁家的孩子)
# levels a place's name always ends with (南贾村, 祥云镇, 武王街道), unlike 市 or 国 (焦作, 日本)
_NAMED_LEVELS = ("村", "镇", "乡", "街道", "社区")
_HIGHER_LEVEL = re.compile(r"[区县市镇乡]|街道")  # 马村区: a village's name goes on into a larger place's
_ASKS_PLACE = re.compile(
    r"哪里|哪儿|哪些?地方|什么地方|何地|何处|在哪|去哪|位于哪|来自哪|"
    r"哪(?:个|些|[1-9几两]个)?(?:国家|省份?|城市|市|县|区|镇|乡|村|地区|国|洲|岛|州|街道|社区|地)"
)
# 多少/几 and what follows: the measure word or unit that says what is counted.
_ASKS_COUNT = re.compile(r"(多少|(?<![那这茶哪])几(?![乎何率]))(?:个(?=[^\w]|$))?([\u4e00-\u9fff]{0,3})")
_ASKS_MEASURE = re.compile(r"多久|多长时间|多少时间|多长|多高|多远|多深|多宽|多重|多大(?!程度)|多厚|多快")
# 为什么 after a verb that takes 为 (定位为什么新城, 称为什么) asks "as what", not "why".
# the words that ask (什么时候, 多长时间, 多少, 哪些…): not what a question is about
ASKING = re.compile(
    f"{_ASKS_DATE.pattern}|{_ASKS_MEASURE.pattern}|为了(?:什么|啥)|多少|几|什么|啥|哪些|哪里|哪儿|哪[个种类项部条家位]|怎么样?|怎样|咋|如何|为什么|为何"
)
# 为啥 is spoken 为什么; 为了什么 / 为了啥 asks the purpose (…,确保过往车辆看得见)
_ASKS_REASON = re.compile(r"(?<![称成作认改分列视选名设定评更升划变译写当位以])(?:为什么|为啥)|为了(?:什么|啥)|为何|什么原因|何故|怎么会|缘何")
ASKS_NAME = _ASKS_NAME = re.compile(r"谁|哪位|什么名字|叫什么|叫啥|姓名|名叫|什么人")

_TIME_UNITS = ("年", "月", "天", "日", "周", "星期", "小时", "分钟", "分", "秒", "时辰", "世纪", "个月")
_LENGTH_UNITS = ("米", "公里", "千米", "厘米", "毫米", "英尺", "英里", "里", "公尺", "海里", "尺", "km", "cm", "mm", "m")
_AREA_UNITS = ("平方公里", "平方米", "公顷", "亩", "平方英里", "平方", "km²", "m²", "km2")
_WEIGHT_UNITS = ("吨", "公斤", "千克", "克", "斤", "磅", "kg", "t")
_SHARE_UNITS = ("%", "％", "成", "分之", "百分")
_MONEY_UNITS = ("元", "块", "角", "美元", "欧元", "英镑", "日元", "港元", "港币", "美金", "镑", "円")
_PEOPLE_UNITS = ("人", "名", "位", "口", "员")
# A counted noun names its measure words: 多少钱 is counted in 元, 多少人 in 人/名/位.
_FAMILIES: dict[str, tuple[str, ...]] = {
    "钱": _MONEY_UNITS,
    "资金": _MONEY_UNITS,
    "经费": _MONEY_UNITS,
    "费用": _MONEY_UNITS,
    "人": _PEOPLE_UNITS,
    "名": _PEOPLE_UNITS,
    "位": _PEOPLE_UNITS,
    "年": ("年", "岁", "世纪"),
    "岁": ("岁", "年"),
    "天": ("天", "日"),
    "日": ("天", "日"),
    "时间": _TIME_UNITS,
    "久": _TIME_UNITS,
    "长时间": _TIME_UNITS,
    "高": _LENGTH_UNITS,
    "远": _LENGTH_UNITS,
    "深": _LENGTH_UNITS,
    "宽": _LENGTH_UNITS,
    "厚": _LENGTH_UNITS,
    "长": _LENGTH_UNITS + _TIME_UNITS,
    "重": _WEIGHT_UNITS,
    "比例": _SHARE_UNITS,
    "比重": _SHARE_UNITS,
    "百分比": _SHARE_UNITS,
}
# Measure words and units that can follow 多少/几 and a number alike (多少例 / 12例). What follows
# 多少 that is none of these (多少比例, 多少以上) says nothing about the unit: any number fits.
_MEASURES = set(
    "例支只件项条家所座辆台部本张次回遍趟天年月日周岁元块米吨斤亩批轮届期户套种类场起架艘枚篇首幅间层栋头匹棵株颗粒片份倍度分秒克升码磅名位人口员个"
)
# A count of how often (每日一次, 每周) answers 多久 as a duration does.
_FREQUENCY = re.compile(r"每(?:\d+|[一两二三四五六七八九十])?(?:个)?(?:天|日|周|星期|月|年|小时|分钟)(?:\d+次|[一两二三四五六七八九十]次)?")
_MULTI_UNITS = ("平方公里", "平方米", "公顷", "公尺", "公里", "千米", "厘米", "毫米", "公斤", "千克", "小时", "分钟", "个月", "美元")


HOME = "家"  # a "unit" of a name question asking whose home (谁家): a name with 家 after it (史永利家)
RANGE = "#range"  # a "unit" of a date question asking a span of time (从哪天到哪天)
WHEN = "#when"  # …of one asking when, which a time of day answers (啥时候开: 傍晚)
DIGITS = "#digits"  # a unit that is no unit: a number written with many digits (a phone number)
ALONG = "#along"  # …of a name question asking who went along (哪些县领导一起去了): names before 等一同
_ASKS_ALONG = re.compile(r"一起|一同|一块|跟着|跟随|陪同|陪着|随同|同行")
ASKS_PEOPLE = re.compile(r"哪些\w{0,3}(?:领导|人|干部)|哪几位")  # who, as a list of people: 还有哪些县领导跟着
# News names who went along in one clause: 该县领导朱保平、胡欣华…等一同督导; 副县长陈宁等参加会议
_TOOK_PART = re.compile(r"等人?(?:一同|一起|陪同|参加|出席|随同)")
_CLAUSE_END = re.compile(r"[,，。;；!！?？]")
# A quantity named before 多少 (X是多少, X有多少) says what it is counted in.
_QUANTITIES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"电话|手机号|号码|邮编|热线"), (DIGITS,)),
    (re.compile(r"人口|人数|员工|职工|居民|学生数"), _PEOPLE_UNITS + ("万人", "亿人")),
    (re.compile(r"面积"), _AREA_UNITS),
    (re.compile(r"价格|票价|门票|费用|收入|工资|资金|经费|投资|金额|价钱|售价|造价|成本|预算|营收|利润|捐款"), _MONEY_UNITS),
    (re.compile(r"高度|身高|海拔|长度|距离|深度|宽度|半径|直径|周长|全长"), _LENGTH_UNITS),
    (re.compile(r"重量|体重"), _WEIGHT_UNITS),
    (re.compile(r"年龄|岁数|寿命"), ("岁", "年")),
    (re.compile(r"温度|气温"), ("度", "℃")),
)


@dataclass(frozen=True)
class Expected:
    """The kind of answer a question asks for; for a count, the units that fit (empty: any)."""

    kind: str | None
    units: tuple[str, ...] = ()


def expected(folded_question: str) -> Expected:
    """What a (folded) question asks for: a date, a place, a count with its unit, a name, or
    nothing in particular (什么/为什么/如何: any span may answer)."""
    q = folded_question
    if _ASKS_REASON.search(q):
        return Expected(REASON)
    if _ASKS_RANGE.search(q):
        return Expected(DATE, (RANGE,))
    if _ASKS_DATE.search(q):
        return Expected(DATE, (WHEN,) if _ASKS_WHEN.search(q) and not _ASKS_DAY.search(q) else ())
    m = _ASKS_MEASURE.search(q)
    if m:
        word = m.group(0)
        return Expected(NUMBER, _FAMILIES.get(word[1:], _FAMILIES.get(word[1:2], ())))
    m = _ASKS_COUNT.search(q)
    if m:
        units = _units(m.group(2))
        if not m.group(2) or m.group(2)[0] in "呢吗啊呀":  # 面积是多少?: the quantity named before it
            units = next((u for p, u in _QUANTITIES if p.search(q, 0, m.start())), ())
        return Expected(NUMBER, units)
    home = _ASKS_HOME.search(q)  # 看望了哪一户 asks whose home as 谁家 does
    if (_ASKS_NAME.search(q) or ASKS_PEOPLE.search(q)) and _ASKS_ALONG.search(q):
        return Expected(NAME, (ALONG,))
    if home or _ASKS_NAME.search(q):
        return Expected(NAME, (HOME,) if home else ())
    m = _ASKS_PLACE.search(q)
    if m:
        level = next((lv for lv in _NAMED_LEVELS if m.group(0).endswith(lv)), None)
        return Expected(PLACE, (level,) if level else ())
    return Expected(None)


# 院长是谁 / 董事长叫什么名字: who holds an office. Its holder is named beside the office
# (区长杨磊, 温县县委书记毛文明), so a passage that never names the office names someone else.
_OFFICE = "董事长|总经理|经理|总裁|院长|校长|局长|处长|所长|站长|会长|社长|厂长|部长|队长|主席|主任|书记|省长|市长|县长|区长|镇长|乡长|村长"
_OFFICE_ASKED = re.compile(rf"({_OFFICE})(?:是|叫|为|由)?(?:谁|哪位|哪一位|什么名字|叫什么|叫啥|啥名字)")


def office_asked(folded_question: str) -> str | None:
    """The office a who-question asks the holder of (院长 of 马村区人民医院的院长是谁), or None."""
    m = _OFFICE_ASKED.search(folded_question)
    return m.group(1) if m else None


def counted_measure(folded_question: str) -> str | None:
    """The measure word or counted noun a count question asks in (人 of 马村区有多少人, 人口,
    钱 of 捐了多少钱, 个 of 几个村): what the answer's number carries (15万马村人民, 10万元),
    checked as its unit, not what the question is about."""
    m = _ASKS_COUNT.search(folded_question)
    if m is None or _ASKS_MEASURE.search(folded_question):
        return None
    after = m.group(2)
    for n in (2, 1):
        word = after[:n]
        if len(word) == n and (word in _FAMILIES or word in _COUNTED or n == 1 and word in _MEASURES):
            return word
    return None


# The noun a question names the kind of answer by (叫什么名字, 多长时间, 什么地方): the answer
# is a name, a span of time, a place, which the passage writes without that noun. Not 名称
# (官方名称是什么: the passage says 官方名称为…), nor a 名字 the question goes on about
# (名字是什么意思), nor 地方 of 什么地方政府.
_FORM_ASKED = re.compile(
    r"(?:(?:什么|啥|甚么|何)(名字|姓名)|(名字|姓名)(?:叫|是)(?:什么|啥|甚么))(?=[呢呀啊吗嘛?!。,;\s]|$)"
    r"|(?:多长|多久|多少|什么|啥|甚么)(时间)"
    r"|(?:什么|啥|甚么|哪个|哪些|哪|哪一个)(地方|地点)(?!政府|特色|财政|官员|性|志|话|戏)"
)


def form_asked(folded_question: str) -> frozenset[str]:
    """The words of the phrase a question asks its kind of answer with (名字 of 叫什么名字,
    时间 and 多长 of 多长时间, 地方 of 什么地方): no passage writes them beside the answer."""
    out: set[str] = set()
    for m in _FORM_ASKED.finditer(folded_question):
        out.update(g for g in m.groups() if g)
        if "时间" in m.group(0) and "长" in m.group(0):
            out.update(("长时间", "多长"))
    return frozenset(out)


_COUNTED = ("人口", "人数")  # counted nouns whose number is written with 人 or 万 (15万马村人民)


def _units(after: str) -> tuple[str, ...]:
    """The units a count fits, from what follows 多少/几 in the question (例, 支, 钱, 人…)."""
    for n in (3, 2, 1):
        word = after[:n]
        if word in _FAMILIES:
            return _FAMILIES[word]
    unit = next((u for u in _MULTI_UNITS if after.startswith(u)), None)
    if unit:  # 公尺 is a length like 米: the family, not the word as written
        return next((f for f in (_LENGTH_UNITS, _AREA_UNITS, _WEIGHT_UNITS, _TIME_UNITS, _MONEY_UNITS) if unit in f), (unit,))
    if after[:1] in _MEASURES and after[:1] != "个":  # 个 is every noun's measure word: any count fits
        return (after[0],)
    return ()


# --- candidates in a passage ----------------------------------------------------------

_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
# A number: digits (Chinese numerals before a unit are folded to digits already), or what
# folding leaves in characters: a numeral before a measure word (两支, 三个) or with a
# multiplier (二十, 三千). 一线, 一起, 万众 are no numbers.
_NUMBER_RUN = re.compile(
    rf"(?:约|近|超过|逾|共|达|第)?(?:\d+(?:[.,]\d+)*(?:多|余)?[万亿千百]?(?:多|余)?"
    rf"|第[一二三四五六七八九十]{{1,3}}(?=[{UNITS}个位道批步届名](?!间))"  # an ordinal with its unit: 第一道关, 第三次; not 第一时间
    rf"|[{_NUMERAL}]*[十百千万亿][{_NUMERAL}]*(?:多|余)?|[{_NUMERAL}]{{1,4}}(?=[个位名人例支只件项条家所座辆台部本张次天年月日周岁元块米吨斤批轮届期户套种类场架艘枚篇首幅间层栋头匹棵株颗片份倍]))"
)
_DATE = re.compile(
    r"(?:公元前?)?\d{1,4}年(?:代|\d{1,2}月(?:\d{1,2}[日号])?)?|\d{1,2}月(?:\d{1,2}[日号])?(?:[上下]午|晚上?|凌晨|中午|傍晚|早上)?"
    r"|\d{1,2}[日号](?:[上下]午|晚上?|凌晨|中午|傍晚|早上)?"
    r"|(?:[上下]午|晚上|凌晨|中午|傍晚|早上)?\d{1,2}[时点](?:\d{1,2}分|半)?|\d{1,2}世纪"
    r"|[今昨前明]天|今年|去年|前年|明年|星期[1-7一二三四五六日天]|周[1-7一二三四五六日]|春节|元旦|除夕|当[天晚日]"
)
_TIME_OF_DAY = re.compile(r"(?:每天|每日|每晚)?(?:[上下]午|晚上|凌晨|中午|傍晚|早上|清晨|深夜|夜间|夜里|白天|黄昏|黎明)")
DATE_RANGE = _DATE_RANGE = re.compile(rf"(?:{_DATE.pattern})\s*(?:至|到|—|－|-|~|～)\s*(?:{_DATE.pattern})")
_NAME_DOT = re.compile(r"(?<=[\u4e00-\u9fff])[·・•‧](?=[\u4e00-\u9fff])")
# Characters that follow a name as the next word's first (任 职, 是, 说, 在 …): an HMM-made word
# of three or more characters ending in one is a name with that character glued on.
_AFTER_NAME = set("任是说在和与等到为对向从被把将也都就要已又还来去给让带率表指称讲谈赴主出同及")
_FUNCTION = set("的了是在由和与及或被把为对从向将等也都就之其这那一")
_PLACE_SUFFIX = re.compile(r".[省市县区镇乡村州国岛洲山河湖海港湾街路]$")
_UNIT_WINDOW = 4  # characters after a number where its unit or counted noun may stand (15万马村人民)
_STOP = re.compile(r"[,，。;；:：!！?？、\s()（）\"“”]")


@dataclass(frozen=True)
class Candidate:
    start: int  # offsets in the folded text
    end: int


Words = Callable[[str], Sequence[tuple[str, bool, str]]]  # folded text -> (word, known to the dictionary, tag)


def numbers(folded: str, units: tuple[str, ...] = ()) -> list[Candidate]:
    """Numbers with their unit (12例, 10万元, 两支, 1.5公里) that fit the units asked for."""
    out = []
    for m in _NUMBER_RUN.finditer(folded):
        if not re.search(rf"[\d{_NUMERAL}]", m.group(0)) or m.group(0) in ("万", "亿", "千", "百", "十"):
            continue
        if units == (DIGITS,):
            if sum(ch.isdigit() for ch in m.group(0)) >= 7:
                out.append(Candidate(m.start(), m.end()))
            continue
        tail = _STOP.split(folded[m.end() : m.end() + _UNIT_WINDOW], maxsplit=1)[0]
        unit = next((u for u in sorted(units, key=len, reverse=True) if u in tail), None) if units else ""
        if unit is None:
            continue
        # the unit right after the number ends it (12例); a counted noun further on is taken whole (15万马村人民)
        end = m.end() + (len(tail) if unit and not tail.startswith(unit) else len(unit) if unit else _measure_len(tail))
        out.append(Candidate(m.start(), end))
    if units and "小时" in units:  # a duration is asked: how often counts too
        out.extend(Candidate(m.start(), m.end()) for m in _FREQUENCY.finditer(folded))
    return out


def _measure_len(tail: str) -> int:
    """How much of what follows a number is its unit: one measure word or a known unit."""
    for unit in sorted(_TIME_UNITS + _LENGTH_UNITS + _WEIGHT_UNITS + _MONEY_UNITS, key=len, reverse=True):
        if tail.startswith(unit):
            return len(unit)
    return 1 if tail and is_cjk(tail[0]) else 0


# A reason is said after 因为/由于/为了 (to the clause's end), or before 因此/所以 (the clause
# that leads to it).
_BECAUSE = re.compile(r"(?:因为|由于|为了|鉴于|得益于|源于)[^,，。;；!！?？]+")
_THEREFORE = re.compile(r"[^,，。;；!！?？]+(?=[,，]?(?:因此|所以|因而|从而|故而))")


def reasons(folded: str) -> list[Candidate]:
    return [Candidate(m.start(), m.end()) for p in (_BECAUSE, _THEREFORE) for m in p.finditer(folded)]


def dates(folded: str, units: tuple[str, ...] = ()) -> list[Candidate]:
    """Dates; for a question asking a span of time (units holding RANGE), only ranges."""
    found = _DATE_RANGE if RANGE in units else _DATE
    spans = [Candidate(m.start(), m.end()) for m in found.finditer(folded)]
    if WHEN in units:
        spans += [Candidate(m.start(), m.end()) for m in _TIME_OF_DAY.finditer(folded) if not any(c.start <= m.start() < c.end for c in spans)]
        spans.sort(key=lambda c: c.start)
    return spans


_DAY_NAMED = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})[日号]")
_RANGE_SEP = "至到—－-~～"


def days_named(folded_question: str) -> tuple[tuple[int, int], ...]:
    """The days a question names (2月3日, 2月3号), as (month, day)."""
    return tuple(dict.fromkeys((int(m[1]), int(m[2])) for m in _DAY_NAMED.finditer(folded_question)))


def day_only_in_range(folded: str, days: Sequence[tuple[int, int]]) -> bool:
    """Whether a passage holds a day the question names only as an end of a range (1月23日至
    2月3日: an account of twelve days, its opening; 2月3日至5日), never as a day of its own
    (2月3日,毛文明到…)."""
    ended = False
    for m in _DAY_NAMED.finditer(folded):
        if (int(m[1]), int(m[2])) in days:
            before, after = folded[max(0, m.start() - 1) : m.start()], folded[m.end() : m.end() + 1]
            if not (before and before in _RANGE_SEP) and not (after and after in _RANGE_SEP):
                return False
            ended = True
    return ended


def names(folded: str, words: Words) -> list[Candidate]:
    """Person and organization names: dictionary-tagged (nr*, nt*), words jieba's HMM made
    outside the dictionary (in news nearly always names), and transliterations (约翰·史密斯)."""
    cut = _positions(folded, words)
    out = []
    for start, end, known, tag in cut:
        word = folded[start:end]
        guessed = not known and all(is_cjk(ch) for ch in word) and word[0] not in _FUNCTION  # not 这一, 的话
        if end - start > 1 and (tag.startswith(("nr", "nt")) or guessed):
            if not known and end - start >= 3 and folded[end - 1] in _AFTER_NAME:
                end -= 1  # the HMM glued the next word's first character on: 杨磊任 (第一副总指挥)
            out.append(Candidate(start, end))
    for m in _NAME_DOT.finditer(folded):  # a transliteration: the name-like words on both sides of ·
        left = [w for w in cut if w[1] <= m.start()]
        right = [w for w in cut if w[0] >= m.end()]
        start = m.start()
        while left and _name_like(folded, left[-1]) and left[-1][1] == start:
            start = left.pop()[0]
        end = m.end()
        while right and _name_like(folded, right[0]) and right[0][0] == end:
            end = right.pop(0)[1]
        if start < m.start() and end > m.end():
            out.append(Candidate(start, end))
    return out


def _positions(folded: str, words: Words) -> list[tuple[int, int, bool, str]]:
    """jieba's words of folded text with their offsets."""
    out, pos = [], 0
    for word, known, tag in words(folded):
        start = folded.find(word, pos)
        if start < 0:
            continue
        pos = start + len(word)
        out.append((start, pos, known, tag))
    return out


def _name_like(folded: str, w: tuple[int, int, bool, str]) -> bool:
    """A piece of a transliterated name: a word the dictionary does not know, or tags as a name
    or place, or a lone character that is no function word (约翰 · 史密斯, 斯 · 卡利格)."""
    start, end, known, tag = w
    text = folded[start:end]
    return all(is_cjk(ch) for ch in text) and (not known or tag.startswith(("nr", "ns")) or (end - start == 1 and text not in _FUNCTION))


# 该县, 本市, 全区, 各村: a place referred to or all of them, never the name asked for
_NO_PLACE = re.compile(r"[该本此各每这那其某][省市县区镇乡村州国]|全[省市县区镇乡村国]")  # not 全州, a county


def places(folded: str, words: Words) -> list[Candidate]:
    """Place names: dictionary-tagged (ns*) or a word ending in a place suffix (省, 县, 岛…),
    not one that only refers to a place (该县, 全区)."""
    return [
        Candidate(start, end)
        for start, end, _, tag in _positions(folded, words)
        if end - start > 1 and (tag.startswith("ns") or _PLACE_SUFFIX.search(folded[start:end])) and not _NO_PLACE.fullmatch(folded[start:end])
    ]


def candidates(kind: str | None, folded: str, units: tuple[str, ...], words: Words) -> list[Candidate]:
    """The candidates of a kind in folded text, in order; one inside another (卡利 inside
    约瑟夫·斯卡利格) gives way to the longer."""
    if kind == NUMBER:
        found = numbers(folded, units)
    elif kind == DATE:
        found = dates(folded, units)
    elif kind == NAME:
        days = dates(folded, ())  # 1月27日至2月4日: the tagger's 日至 is no name
        found = [c for c in names(folded, words) if not any(d.start < c.end and c.start < d.end for d in days)]
        if HOME in units:  # 去了谁家: 史永利家, not 宗家桢 who went
            found = [c for c in found if folded.startswith("家", c.end)]
        if ALONG in units:  # 谁一同督导: the names of the clause that says 等一同, not who led
            found = [c for c in found if _TOOK_PART.search(_CLAUSE_END.split(folded[c.end :], maxsplit=1)[0])]
    elif kind == PLACE:
        found = places(folded, words)
        if units:  # 哪几个村: places named 南贾村, not 城区, nor the 马村 of 马村区委
            found = [c for c in found if folded[c.start : c.end].endswith(units) and not _HIGHER_LEVEL.match(folded, c.end)]
    elif kind == REASON:
        found = reasons(folded)
    else:
        return []
    outer = [c for c in found if not any(o != c and o.start <= c.start and c.end <= o.end for o in found)]
    return sorted(set(outer), key=lambda c: (c.start, c.end))


# --- lists ------------------------------------------------------------------------------

_LIST_CLAUSE = re.compile(r"[^,，。;；:：!！?？()（）]+")
_LIST_SEP = re.compile(r"、|(?<=[\u4e00-\u9fff”])(?:以及|及|和|与|或)(?=[\u4e00-\u9fff“])")
_LIST_ITEM = 24  # characters: a longer stretch between separators is a clause, not an item


def enumerations(text: str) -> list[list[tuple[int, int]]]:
    """The lists a text holds: per clause with a 、, its items' (start, end), split at 、 and
    at the 和/及/以及/与/或 before the last item (A、B和C). The first item runs from the
    clause's start, so it may carry the verb that introduces the list (分别到A)."""
    found: list[list[tuple[int, int]]] = []
    for clause in _LIST_CLAUSE.finditer(text):
        if "、" not in clause.group(0):
            continue
        seps = list(_LIST_SEP.finditer(text, clause.start(), clause.end()))
        last_comma = max(m.start() for m in seps if m.group(0) == "、")
        # 和 inside an item (经营管理和对外宣传、…) joins words, not items; unless the item it
        # is in would be too long for one (…温沁交界处和招贤乡猪龙河桥温孟交界处及岳村街道…)
        inner = [m for m in seps if m.group(0) == "、" or m.start() >= last_comma]
        for cuts in (inner, seps):
            items = _cut(clause.start(), clause.end(), cuts)
            if all(0 < b - x <= _LIST_ITEM for x, b in items[1:]):
                found.append(items)
                break
    return found


def _cut(start: int, end: int, cuts: list[re.Match[str]]) -> list[tuple[int, int]]:
    """The stretches of start..end between separators."""
    a, items = start, []
    for m in cuts:
        items.append((a, m.start()))
        a = m.end()
    items.append((a, end))
    return items


# 哪些村 / 哪几个统一 / 都有什么: the answer is a list, not one of its items
ASKS_LIST = re.compile(r"哪些|哪几|哪[两二三四五六七八九十2-9]|都有(?:什么|啥|哪)|有哪")


def list_span(
    folded: str, span: tuple[int, int] | None, marks: Sequence[tuple[int, int]], words: Words, found: Sequence[Candidate] = ()
) -> tuple[int, int] | None:
    """For a question asking a list: the whole list that the span falls in (南贾村 -> 南贾村、
    李肇村、大尚村), else the list holding most candidates of the kind asked, then most of the
    question's words (none of them: the span stays), as items_span bounds it."""
    lists = enumerations(folded)

    def marked(e: list[tuple[int, int]]) -> int:
        return sum(max(0, min(b, e[-1][1]) - max(a, e[0][0])) for a, b in marks)

    def typed(e: list[tuple[int, int]]) -> int:  # candidates of the kind asked (哪些地方: places) it holds
        return sum(e[0][0] <= c.start < e[-1][1] for c in found)

    within = [e for e in lists if span is not None and (e[0][0] <= span[0] < e[-1][1] or e[0][0] < span[1] <= e[-1][1])]
    items = within[0] if within else max(lists, key=lambda e: (typed(e), marked(e)), default=None)
    if items is None or not within and (not marked(items) or found and not typed(items)):
        return span
    a, b = _trim(folded, *items_span(folded, items, words))
    while a < b and folded[a] in "“‘《":
        a += 1
    while b > a and folded[b - 1] in "”’》":
        b -= 1
    return (a, b) if b > a else span


def items_span(text: str, items: Sequence[tuple[int, int]], words: Words) -> tuple[int, int]:
    """A list's span, its items as enumerations gives them: the last item ends where
    last_item_end says; the first loses the words introducing the list, as items of one list
    are alike in length (first_item: 落实工作例会制度、疫情日报制度… -> 工作例会制度)."""
    end = last_item_end(text, items)
    (a0, b0), a1 = items[0], items[-1][0]
    return a0 + first_item(text[a0:b0], sorted([b - a for a, b in items[1:-1]] + [end - a1]), words), end


def last_item_end(text: str, items: Sequence[tuple[int, int]]) -> int:
    """Where a list's last item ends in the stretch to its clause's end: after the longest
    ending at least half of the others share (…交界处、…方向入口、…入口、焦温高速下站口督导…
    -> 下站口; 督查落实制度), else at 等 (城市规划馆等项目). Cutting where the question's words resume was measured and
    dropped: words of the question sit inside items too (落实 in 督查落实制度)."""
    a, b = items[-1]
    heads = [text[x:y] for x, y in items[:-1]]
    for n in range(4, 0, -1):  # the longest ending at least half of the others have
        endings = Counter(h[-n:] for h in heads if len(h) > n)
        for ending, count in endings.most_common():
            if count * 2 < len(heads) or not is_cjk(ending[-1]):
                break
            at = text.find(ending, a + 1, b)
            if at >= 0:
                return at + n
    cut = text.find("等", a + 2, b)
    return cut if cut >= 0 else b


def first_item(item: str, others: list[int], words: Words) -> int:
    """Where a list's first item starts in the stretch from its clause's start: a trailing run
    of names (该区领导王峰 -> 王峰), else as long as the others' lower median, never cutting
    a name or place, nor a word by one character (对上海新荣阳 -> 上海新荣阳)."""
    pos: list[tuple[int, int, str]] = []
    at = 0
    for w, _, tag in words(item):
        pos.append((at, at + len(w), tag))
        at += len(w)
    i = len(pos)
    while i > 0 and pos[i - 1][2]:
        i -= 1
    if i < len(pos):
        return pos[i][0]
    start = max(0, len(item) - others[(len(others) - 1) // 2])
    for a, b, tag in pos:
        if a < start < b and (tag or start - a == 1):
            return a
    return start


# --- the span that answers ------------------------------------------------------------

_CLAUSE = re.compile(r"[^,，。;；:：!！?？]+")
_LEADING = "是的为了在由于有将被把和与及并也就都即"


# 是4点吗 / 是不是毛文明 / 县长还是书记: a yes-no or either-or question may be answered by what it
# says itself; any other is not (交给谁了, asked with 毕宁宁 carried from the last answer)
CONFIRMING = re.compile(r"吗|是不是|是否|对不对|有没有|是吧|还是")


def best_span(
    folded: str,
    marks: Sequence[tuple[int, int]],
    found: Sequence[Candidate],
    *,
    typed: bool = False,
    anchors: tuple[str | None, str | None] = (None, None),
    confirming: bool = True,
) -> tuple[int, int] | None:
    """The answer's span in folded text. For a question asking a kind of answer (`typed`): the
    candidate nearest the question's words (marks) that the question does not already say, or
    None; one it says only for a yes-no or either-or question (`confirming`: 是4点吗 may be
    answered by 4点 itself). Otherwise: what stands where
    the question word stands, between the question's words around it (`anchors`: 被定位为
    什么新城 -> 焦作东部新城), else the longest stretch of the best clause that the question
    does not already say."""
    if not found:
        if typed:
            return None
        span = _anchored_span(folded, marks, *anchors) or _clause_span(folded, marks)
        return _whole_numbers(folded, span) if span else None
    free = [c for c in found if not _said(c, marks)] or (list(found) if confirming else [])
    if not free:  # 交给谁了 asked with 毕宁宁 carried, 黑龙江省博物馆在哪: what it says is no answer to it
        return None
    if not marks:
        return free[0].start, free[0].end
    best = max(free, key=lambda c: _closeness(c, marks))
    return best.start, best.end


def _closeness(c: Candidate, marks: Sequence[tuple[int, int]]) -> float:
    """How closely a candidate sits among the question's words: each marked stretch counts by
    its length, less the farther it is (杨磊 in 杨磊任第一副总指挥 beats 宗家桢 in 宗家桢任指挥长
    for 第一副总指挥是谁). Earlier candidates win ties."""
    return sum((b - a) / (1 + _gap(c.start, c.end, a, b)) for a, b in marks) - c.start * 1e-9


def _said(c: Candidate, marks: Sequence[tuple[int, int]]) -> bool:
    """Whether the question already says a candidate: most of it is the question's words
    (1916年 in "1916年以及哪一年"), not a stray digit of it (2 and 1 of "2比1" inside 2010年)."""
    covered = sum(max(0, min(b, c.end) - max(a, c.start)) for a, b in marks)
    return covered * 5 >= (c.end - c.start) * 3


def _gap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, b0 - a1, a0 - b1)


# The question word whose place the answer takes, when the question asks for no kind of answer.
_WH = re.compile(r"什么|啥|哪些|哪[个种类项部条家一]|怎样|怎么样|怎么|如何|为什么|为何|何种|何")
_CLAUSE_BREAK = re.compile(r"[,，。;；:：!！?？]")


def anchors(folded_question: str, terms: Sequence[str]) -> tuple[str | None, str | None]:
    """The question's words right before and right after its question word (定位为 / 新城 in
    被定位为什么新城); the answer stands between them in a passage that says it."""
    m = _WH.search(folded_question)
    if not m:
        return None, None
    left = right = None
    best_left, best_right = -1, len(folded_question) + 1
    for t in sorted(set(terms), key=len, reverse=True):
        i = folded_question.rfind(t, 0, m.start())
        if i >= 0 and i + len(t) <= m.start() and i + len(t) > best_left:
            left, best_left = t, i + len(t)
        j = folded_question.find(t, m.end())
        if 0 <= j < best_right:
            right, best_right = t, j
    if right is not None and best_right > m.end() + 2:
        right = None  # not next to the question word: says nothing about where the answer ends
    if left is not None and best_left < m.start() - 2:
        left = None
    return left, right


def _whole_numbers(folded: str, span: tuple[int, int]) -> tuple[int, int]:
    """A span never cuts a number: 捐款10万元 after the anchor 捐款1 shows 10万元, not 0万元."""

    def digit(i: int) -> bool:  # a digit, or a decimal point between digits
        return 0 <= i < len(folded) and (
            folded[i].isdigit() or folded[i] == "." and 0 < i < len(folded) - 1 and folded[i - 1].isdigit() and folded[i + 1].isdigit()
        )

    a, b = span
    if a < b and digit(a):
        while digit(a - 1):
            a -= 1
    if a < b and digit(b - 1):
        while digit(b):
            b += 1
    return a, b


def _anchored_span(folded: str, marks: Sequence[tuple[int, int]], left: str | None, right: str | None) -> tuple[int, int] | None:
    """The stretch after the left anchor, up to and including the right anchor when it follows in
    the same clause (a head noun: 东部新城 for 什么新城), else to the clause's end."""
    if left is None:
        return None
    best: tuple[int, int] | None = None
    best_marked = -1
    i = folded.find(left)
    while i >= 0:
        a = i + len(left)
        brk = _CLAUSE_BREAK.search(folded, a)
        end = brk.start() if brk else len(folded)
        if right is not None:
            r = folded.find(right, a, end)
            if r >= 0:
                end = r + len(right)
        span = _trim(folded, a, end)
        if span[1] - span[0] >= 2:
            start = _CLAUSE_BREAK.search(folded[::-1], len(folded) - i)
            clause_start = len(folded) - start.start() if start else 0
            marked = sum(max(0, min(mb, end) - max(ma, clause_start)) for ma, mb in marks)
            if marked > best_marked:
                best, best_marked = span, marked
        i = folded.find(left, i + 1)
    return best


def _clause_span(folded: str, marks: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    clauses = [(m.start(), m.end()) for m in _CLAUSE.finditer(folded) if m.group(0).strip()]
    if not clauses:
        return None

    def marked(c: tuple[int, int]) -> int:
        return sum(max(0, min(b, c[1]) - max(a, c[0])) for a, b in marks)

    order = sorted(range(len(clauses)), key=lambda i: -marked(clauses[i]))
    for i in order[:1] + ([order[0] + 1] if order[0] + 1 < len(clauses) else []):
        a, b = clauses[i]
        runs, pos = [], a
        for ma, mb in sorted(marks):
            if mb <= a or ma >= b:
                continue
            runs.append((pos, max(pos, ma)))
            pos = max(pos, mb)
        runs.append((pos, b))
        runs = [_trim(folded, x, y) for x, y in runs]
        x, y = max(runs, key=lambda r: r[1] - r[0])
        if y - x >= 2:
            return x, y
    return None


_EDGE = "—–…·,，、;；:：!！?？。~～"  # a clause's stretch may open or close on these (——武王街道…): never the answer


def _trim(folded: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (folded[a].isspace() or folded[a] in _LEADING or folded[a] in "\"“”'" or folded[a] in _EDGE):
        a += 1
    while b > a and (folded[b - 1].isspace() or folded[b - 1] in "的了\"“”'" or folded[b - 1] in _EDGE):
        b -= 1
    return a, b
