"""Article dates (issue 12): path rules, validation, and the since/until filter of NewsQA.ask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.dates import DateError, bounds, check_date, date_from_parts, in_range
from retrieval.ingest import read_articles
from retrieval.service import MAX_QUESTION_CHARS, NewsQA, QuestionTooLong


@pytest.mark.parametrize(
    ("parts", "date"),
    [
        (["news-2020-02-04"], "2020-02-04"),
        (["jiaozuo-news-2020-02"], "2020-02"),
        (["2023-05-01", "A01"], "2023-05-01"),
        (["20230501", "A01"], "2023-05-01"),
        (["2023", "05", "01", "A01"], "2023-05-01"),
        (["2023", "05", "01"], "2023-05-01"),  # 2023/05/01.txt
        (["2023", "5", "A01"], "2023-05"),
        (["archive", "2023-05", "day3", "A01"], "2023-05"),
        (["2023-05-01", "news-2023-05-02"], "2023-05-02"),  # the file name wins
        (["2023", "13", "A01"], None),
        (["20231301", "A01"], None),
        (["page12345678"], None),
        (["A01"], None),
    ],
)
def test_date_from_parts(parts: list[str], date: str | None) -> None:
    assert date_from_parts(parts) == date


def test_check_date_and_bounds() -> None:
    assert check_date("2020-02") == "2020-02" and check_date("2020-02-29") == "2020-02-29"
    for bad in ("2021-02-29", "2020-2-3", "明年春天", "2020-02-03T10:00"):
        with pytest.raises(DateError):
            check_date(bad)
    assert bounds("2020-02", "2020-02") == ("2020-02-01", "2020-02-29")
    with pytest.raises(DateError, match="after"):
        bounds("2020-03-01", "2020-02-01")
    assert in_range("2020-02", "2020-02-15", "2020-03-01") and not in_range("2020-01", "2020-02-01", "2020-02-02")
    assert not in_range(None, "0000-00-00", "9999-99-99")


DAYS = {
    "2023-05-01": "5月1日,马村区召开疫情防控工作会议,部署复工复产。",
    "2023-05-02": "5月2日,马村区召开疫情防控工作会议,检查复工复产进度。",
    "2023-05-03": "5月3日,马村区召开疫情防控工作会议,总结复工复产经验。",
}


@pytest.fixture(scope="module")
def days_qa(tmp_path_factory: pytest.TempPathFactory) -> NewsQA:
    root = tmp_path_factory.mktemp("arc")
    other = ["某县开展植树造林活动。", "全市春季森林防火有序推进。", "温县举办太极拳比赛。", "焦作火车站客流平稳。"]
    for day, text in DAYS.items():
        (root / day).mkdir()
        rows = [{"title": "马村区会议", "text": text}] + [{"title": "其他", "text": t} for t in other]  # so that idf > 0
        (root / day / "A01.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    (root / "undated.jsonl").write_text(json.dumps({"title": "马村区会议", "text": "马村区召开疫情防控工作会议。"}, ensure_ascii=False), encoding="utf-8")
    return NewsQA.build(read_articles([root]))


def test_since_until_filter(days_qa: NewsQA) -> None:
    q = "马村区疫情防控工作会议"
    everything = days_qa.ask(q, top_k=10)
    assert len(everything.hits) == 4
    one = days_qa.ask(q, top_k=10, since="2023-05-02", until="2023-05-02")
    assert [h.article.date for h in one.hits] == ["2023-05-02"] and one.answered
    later = days_qa.ask(q, top_k=10, since="2023-05-02")
    assert sorted(h.article.date for h in later.hits) == ["2023-05-02", "2023-05-03"]
    month = days_qa.ask(q, top_k=10, until="2023-05")
    assert len(month.hits) == 3 and None not in {h.article.date for h in month.hits}
    scores = {h.article.id: h.score for h in everything.hits}
    assert all(h.score == pytest.approx(scores[h.article.id]) for h in later.hits)  # same statistics, only fewer passages
    none = days_qa.ask(q, since="2024-01-01")
    assert none.hits == [] and not none.answered


def test_filter_over_the_whole_range_changes_nothing(qa: NewsQA, questions: list[dict]) -> None:
    for item in questions[:30]:
        a, b = qa.ask(item["q"]), qa.ask(item["q"], since="2020-02", until="2020-02")
        assert [(h.passage_id, round(h.score, 9)) for h in a.hits] == [(h.passage_id, round(h.score, 9)) for h in b.hits]
        assert a.answered == b.answered


def test_question_length_limit(qa: NewsQA) -> None:
    qa.ask("马" * MAX_QUESTION_CHARS)
    with pytest.raises(QuestionTooLong, match="1001 characters long; the limit is 1000"):
        qa.ask("马" * (MAX_QUESTION_CHARS + 1))
    assert issubclass(QuestionTooLong, ValueError)


# --- a date named in the question: measured on a week of papers ---------------------------------
# Each paper reports the day before's 马村区 meeting, dated as papers do: "2月1日,", "昨天,", "日前,"
# (so the text alone often does not say the day), beside same-day 马村区 items and other districts'
# meetings with dates of their own.

MEETINGS = {  # event day -> (topic, how the next day's paper dates it)
    1: ("疫情防控工作推进会", "2月1日"),
    2: ("复工复产协调会", "昨天"),
    3: ("春季农业生产部署会", "日前"),
    4: ("安全生产专题会", "2月4日"),
    5: ("脱贫攻坚督导会", "昨天"),
}
NAMED_QUESTIONS = (
    [(f"2月{d}日马村区开了什么会?", topic) for d, (topic, _) in MEETINGS.items()]
    + [(f"2月{d}日马村区召开了什么会议?", topic) for d, (topic, _) in MEETINGS.items()]
    + [("昨天马村区开了什么会?", MEETINGS[5][0]), ("前天马村区开了什么会?", MEETINGS[4][0])]
)


def build_days(root: Path) -> Path:
    """Six papers, 2020-02-01 to 2020-02-06, one folder each."""
    for paper in range(1, 7):
        rows = []
        if paper - 1 in MEETINGS:
            topic, when = MEETINGS[paper - 1]
            rows.append({"title": f"马村区召开{topic}", "text": f"本报讯 {when},马村区召开{topic},区委主要领导出席会议并讲话。会议对下一步工作作出安排。"})
        rows.append({"title": "马村区开展志愿服务", "text": f"马村区各社区志愿者开展第{paper}批入户走访,为群众送去生活物资。"})
        rows.append({"title": "中站区召开会议", "text": f"2月{paper}日,中站区召开环境整治会议,部署城乡环境卫生整治工作。"})
        rows.append({"title": "温县动态", "text": "温县举办太极拳线上教学,吸引数千名群众参与。"})
        day = root / f"2020-02-{paper:02d}"
        day.mkdir()
        (day / "A01.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("question", "newest", "day"),
    [
        ("2月3日马村区开了什么会", "2020-02-06", "2020-02-03"),
        ("2020年2月3日开了什么会", None, "2020-02-03"),
        ("12月30日开了什么会", "2020-02-06", "2019-12-30"),  # the latest one not after the corpus
        ("2月3号开了什么会", "2020-02", "2020-02-03"),
        ("昨天开了什么会", "2020-02-06", "2020-02-05"),
        ("前天开了什么会", "2020-02-06", "2020-02-04"),
        ("昨天开了什么会", "2020-02", None),  # a corpus dated by month cannot place 昨天
        ("2月30日开了什么会", "2020-02-06", None),
        ("马村区开了什么会", "2020-02-06", None),
    ],
)
def test_named_day(question: str, newest: str | None, day: str | None) -> None:
    from retrieval.dates import named_day

    assert named_day(question, newest) == day


def test_a_named_date_prefers_that_days_papers(tmp_path: Path) -> None:
    qa = NewsQA.build(read_articles([build_days(tmp_path)]))

    def top1(named: bool) -> int:
        return sum(topic in qa.ask(q, named_dates=named).hits[0].text for q, topic in NAMED_QUESTIONS)

    words_alone, with_dates = top1(False), top1(True)
    assert (words_alone, with_dates) == (MEASURED_WORDS_ALONE, MEASURED_WITH_DATES)
    assert with_dates > words_alone


def test_named_dates_change_nothing_on_a_month_dated_corpus(qa: NewsQA) -> None:
    """The bundled page is dated 2020-02: every 2月X日 window overlaps it, 昨天 cannot be placed."""
    for q in ("2月3日马村区召开了什么会议?", "昨天马村区开了什么会?", "2月5日温县县委书记是谁?"):
        a, b = qa.ask(q), qa.ask(q, named_dates=False)
        assert [(h.passage_id, h.score) for h in a.hits] == [(h.passage_id, h.score) for h in b.hits]


# of 12: 5/6 when named dates came; 5/7 since answer passages (a hit shows the sentence it depends on)
MEASURED_WORDS_ALONE, MEASURED_WITH_DATES = 5, 7
