"""The CLI contract, run in process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from retrieval.cli import main

Q = "马村区疫情防控指挥部第一副总指挥是谁?"


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_ask_json_contract() -> None:
    code, out, _ = run("ask", Q, "--json", "--top-k", "3")
    assert code == 0
    obj = json.loads(out)
    assert set(obj) == {"question", "answered", "took_ms", "hits"}
    assert obj["question"] == Q and obj["answered"] is True and isinstance(obj["took_ms"], float)
    assert len(obj["hits"]) == 3 and [h["rank"] for h in obj["hits"]] == [1, 2, 3]
    top = obj["hits"][0]
    assert set(top) == {"rank", "score", "text", "context", "kind", "answer", "article"}
    assert set(top["article"]) == {"id", "title", "byline", "date", "url", "source"}
    assert "杨磊任第一副总指挥" in top["text"]
    assert top["text"] in top["context"] and len(top["context"]) > len(top["text"])
    assert top["article"]["title"] == "直面没有硝烟的战场" and top["article"]["byline"] == "崔晶"
    assert obj["hits"][0]["score"] >= obj["hits"][1]["score"] >= obj["hits"][2]["score"]


def test_ask_human_output_marks_the_answer() -> None:
    code, out, _ = run("ask", Q)
    assert code == 0
    assert "直面没有硝烟的战场" in out and "崔晶" in out
    assert "【杨磊】任第一副总指挥" in out  # the answer span, not the question's words


def test_ask_human_output_marks_terms_without_an_answer_span(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text("[search]\nanswer_spans = false\n", encoding="utf-8")
    code, out, _ = run("ask", Q, "--config", str(tmp_path / "c.toml"))
    assert code == 0 and ("【第一】【副总指挥】" in out or "【第一副总指挥】" in out)


@pytest.mark.parametrize("question", ["你好", "红烧肉怎么做"])
def test_off_topic_not_answered(question: str) -> None:
    code, out, _ = run("ask", question, "--json")
    assert code == 0 and json.loads(out)["answered"] is False
    code, out, _ = run("ask", question)
    assert "没有找到" in out


def test_search_reads_lines_in_order() -> None:
    code, out, _ = run("search", "--json", stdin=f"{Q}\n\n温县县委书记是谁?\n")
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [x["question"] for x in lines] == [Q, "", "温县县委书记是谁?"]
    assert lines[1]["answered"] is False and lines[1]["hits"] == []
    assert "毛文明" in lines[2]["hits"][0]["text"]


def test_index_then_query_the_saved_index(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        json.dumps({"id": "a1", "title": "春耕", "text": "某市召开春耕生产会议,部署全年粮食生产。", "byline": "张三"}, ensure_ascii=False),
        encoding="utf-8",
    )
    code, _, err = run("index", str(corpus), "--out", str(tmp_path / "idx"))
    assert code == 0 and "1 articles" in err and "passages" in err and "terms" in err
    code, out, _ = run("ask", "春耕会议", "--index", str(tmp_path / "idx"), "--json")
    hit = json.loads(out)["hits"][0]
    assert hit["article"] == {"id": "a1", "title": "春耕", "byline": "张三", "date": None, "url": None, "source": "news.jsonl"}
    code, out, _ = run("articles", "--index", str(tmp_path / "idx"), "--json")
    assert json.loads(out) == {"id": "a1", "title": "春耕", "byline": "张三", "date": None, "passages": 1}


def test_articles_lists_the_bundled_page() -> None:
    code, out, _ = run("articles", "--json")
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and len(rows) == 8 and all(set(r) == {"id", "title", "byline", "date", "passages"} for r in rows)
    assert {r["date"] for r in rows} == {"2020-02"}


def test_config_file_and_flag_override(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[search]\ntop_k = 2\n[bm25]\nk1 = 1.2\nb = 0.5\n", encoding="utf-8")
    _, out, _ = run("ask", Q, "--json", "--config", str(cfg))
    assert len(json.loads(out)["hits"]) == 2
    _, out, _ = run("ask", Q, "--json", "--config", str(cfg), "--top-k", "4")
    assert len(json.loads(out)["hits"]) == 4


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("ask", Q, "--index", "/nonexistent/idx"), "no index here"),
        (("index", "/nonexistent/file.txt", "--out", "/tmp/x"), "no such file"),
        (("ask", Q, "--top-k", "0"), "--top-k"),
    ],
)
def test_bad_input_exit_2(argv: tuple[str, ...], message: str) -> None:
    code, out, err = run(*argv)
    assert code == 2 and message in err and out == ""


def test_bad_config(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[bm25]\nk1 = 'x'\n", encoding="utf-8")
    code, _, err = run("ask", Q, "--config", str(cfg))
    assert code == 2 and "k1 must be a number" in err
    cfg.write_text("[tokenizer]\noov_chars = 1\n", encoding="utf-8")
    code, _, err = run("ask", Q, "--config", str(cfg))
    assert code == 2 and "oov_chars must be true or false" in err
    for text, message in [
        ("[search]\noov_fallback = 'yes'\n", "oov_fallback must be true or false"),
        ("[search]\nnumber_boost = 11\n", "number_boost must be between 0 and 10"),
        ("[bm25]\noutline = 0\n", "outline must be true or false"),
    ]:
        cfg.write_text(text, encoding="utf-8")
        code, _, err = run("ask", Q, "--config", str(cfg))
        assert code == 2 and message in err, err
    cfg.write_text("[serach]\ntop_k = 3\n", encoding="utf-8")
    code, _, err = run("ask", Q, "--config", str(cfg))
    assert code == 2 and "unknown section [serach]" in err


def test_chat_loop() -> None:
    code, out, _ = run("chat", stdin="温县县委书记是谁?\n\n")
    assert code == 0 and "毛文明" in out and "问>" in out


def test_chat_follows_up_and_starts_over() -> None:
    code, out, _ = run("chat", stdin="温县县委书记是谁?\n他1月31日去了哪里?\n/new\n还有呢?\n\n")
    answers = out.split("问> ")[1:]
    assert code == 0 and "番田镇段村" in answers[1].split("\n[2]")[0]  # the follow-up's best hit
    assert "好的，换个话题。" in answers[2] and "没有可以接着问的上一个问题" in answers[3]


def test_chat_answers_thanks_with_one_line_and_goes_on() -> None:
    code, out, _ = run("chat", stdin="温县县长是谁?\n谢谢\n他今年多大?\n他1月29日晚去了哪里?\n\n")
    answers = out.split("问> ")[1:]
    assert code == 0 and answers[1].startswith("好的。还想知道什么") and "[1]" not in answers[1]
    assert answers[2].startswith("没找到明确的回答，这是刚才那段报道：\n")  # the page never says his age
    assert "焦温高速下站口" in answers[3].split("\n[2]")[0]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_add_and_remove_keep_statistics_exact(tmp_path: Path) -> None:
    from retrieval.ingest import read_articles
    from retrieval.service import NewsQA

    a = _jsonl(tmp_path / "a.jsonl", [{"id": "a1", "title": "春耕", "text": "某市召开春耕生产会议。部署全年粮食生产工作。"}])
    b = _jsonl(tmp_path / "b.jsonl", [{"id": "b1", "title": "植树", "text": "某县开展植树活动,干部群众共植树一万棵。"}])
    idx = tmp_path / "idx"
    assert run("index", str(a), "--out", str(idx))[0] == 0
    code, _, err = run("index", "--add", str(b), "--index", str(idx))
    assert code == 0 and "1 -> 2 articles" in err
    fresh = NewsQA.build(read_articles([a, b]))
    grown = NewsQA.open(idx)
    for q in ("植树活动", "春耕会议", "粮食"):
        assert [(h.text, round(h.score, 9)) for h in grown.ask(q).hits] == [(h.text, round(h.score, 9)) for h in fresh.ask(q).hits]
    code, _, err = run("index", "--remove", "a1", "--index", str(idx))
    assert code == 0 and "2 -> 1 articles" in err
    only_b = NewsQA.build(read_articles([b]))
    shrunk = NewsQA.open(idx)
    assert shrunk.stats() == only_b.stats()
    assert [(h.text, round(h.score, 9)) for h in shrunk.ask("植树").hits] == [(h.text, round(h.score, 9)) for h in only_b.ask("植树").hits]
    code, _, err = run("index", "--remove", "nope", "--index", str(idx))
    assert code == 2 and err == "newsqa: error: no article with id nope\n"  # no Python repr quotes
    code, _, err = run("index", "--add", str(b), "--index", str(idx))
    assert code == 2 and err == "newsqa: error: article id b1 is already in the index (remove it first to replace it)\n"


# --- issue 12 --------------------------------------------------------------------------------------


def test_index_a_folder_mixing_every_format(tmp_path: Path) -> None:
    from samples import ARTICLE, LIST_PAGE, RSS, _epaper

    page = "某市召开春耕会议\n\n本报讯 3月1日,某市召开春耕生产会议,部署全年粮食生产工作。(张三)\n"
    arc = tmp_path / "archive"
    for d in ("2023-05-01", "2023-05-02", "2023/05/03", "feeds", "web", ".git"):
        (arc / d).mkdir(parents=True)
    (arc / "2023-05-01" / "A01.txt").write_bytes(page.encode("gb18030"))
    trad = "某市召開春耕會議\n\n本報訊 3月1日,某市召開春耕生產會議,部署全年糧食生產工作。(張三)\n"
    (arc / "2023-05-02" / "A01.txt").write_bytes(trad.encode("big5"))
    _epaper(arc / "2023/05/03" / "A02.pdf")
    (arc / "2023/05/03" / "extra.jsonl").write_text(
        json.dumps({"text": "5月3日,某区召开安全生产会议。", "date": "2023-05-04"}, ensure_ascii=False), encoding="utf-8"
    )
    (arc / "feeds" / "local.rss").write_text(RSS, encoding="utf-8")
    (arc / "web" / "a1.html").write_text(ARTICLE, encoding="utf-8")
    (arc / "web" / "list.html").write_text(LIST_PAGE, encoding="utf-8")
    (arc / "web" / "logo.png").write_bytes(b"\x89PNG\r\n")
    (arc / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    code, _, err = run("index", str(arc), "--out", str(tmp_path / "idx"))
    assert code == 0, err
    assert err.splitlines()[-1] == (
        "read 8 articles from 6 files; skipped 1 hidden, 1 unsupported, 1 web pages without an article body; "
        "1 feed entries without text skipped, 1 untitled articles titled from their lead"
    )
    code, out, _ = run("articles", "--index", str(tmp_path / "idx"), "--json")
    rows = {r["id"]: (r["date"], r["title"]) for r in map(json.loads, out.splitlines())}
    assert rows == {
        "2023-05-01/A01:1": ("2023-05-01", "某市召开春耕会议"),
        "2023-05-02/A01:1": ("2023-05-02", "某市召開春耕會議"),
        "2023/05/03/A02:1": ("2023-05-03", "某市召开春耕生产会议"),
        "2023/05/03/A02:2": ("2023-05-03", "某县开展植树造林活动"),
        "2023/05/03/extra:1": ("2023-05-04", "某区召开安全生产会议"),
        "feeds/local:1": ("2023-05-01", "某市召开春耕生产会议"),
        "feeds/local:2": ("2023-04-30", "某县开展植树活动"),
        "web/a1:1": ("2023-05-01", "某市召开春耕生产会议"),
    }
    code, out, _ = run("ask", "植树活动", "--index", str(tmp_path / "idx"), "--json", "--since", "2023-05-01")
    assert {h["article"]["id"] for h in json.loads(out)["hits"]} == {"2023/05/03/A02:2"}
    code, out, _ = run("ask", "植树活动", "--index", str(tmp_path / "idx"), "--until", "2023-04")
    assert code == 0 and "某县开展植树活动  2023-04-30  score" in out


def test_dates_in_human_output_and_bad_range() -> None:
    code, out, _ = run("ask", Q)
    assert code == 0 and "(崔晶)  2020-02  score" in out
    code, out, _ = run("articles")
    assert out.splitlines()[0].split("\t")[:2] == ["jiaozuo-news-2020-02:1", "2020-02"]
    code, out, _ = run("ask", Q, "--since", "2020-03-01", "--json")
    assert code == 0 and json.loads(out)["hits"] == []
    bad_ranges = [(["--since", "明年"], "is not YYYY-MM-DD"), (["--since", "2020-03", "--until", "2020-02"], "after")]
    for flags, message in bad_ranges:
        code, out, err = run("ask", Q, *flags)
        assert code == 2 and message in err and out == ""
    code, out, _ = run("search", "--json", "--until", "2019-12", stdin=f"{Q}\n")
    assert code == 0 and json.loads(out)["hits"] == []
    code, out, _ = run("chat", "--since", "2020-02-01", stdin=f"{'问' * 1001}\n温县县委书记是谁?\n\n")
    assert code == 0 and "the limit is 1000" in out and "毛文明" in out


def test_long_question_exit_2() -> None:
    code, out, err = run("ask", "马" * 1001)
    assert code == 2 and "1001 characters long; the limit is 1000" in err and out == ""


def test_control_characters_not_printed_raw(tmp_path: Path) -> None:
    rows = [
        {"id": "c1", "title": "春耕\x1b[2J标题", "text": "某市召开春耕\x07生产会议\x1b]0;pwned\x07,部署工作。", "byline": "张\x08三"},
        {"id": "c2", "title": "植树", "text": "某县开展植树活动。"},
        {"id": "c3", "title": "防火", "text": "全市森林防火有序推进。"},
    ]
    _jsonl(tmp_path / "c.jsonl", rows)
    assert run("index", str(tmp_path / "c.jsonl"), "--out", str(tmp_path / "idx"))[0] == 0
    for argv in (("ask", "春耕生产会议"), ("articles",)):
        code, out, _ = run(*argv, "--index", str(tmp_path / "idx"))
        assert code == 0 and "春耕" in out
        assert not any(c in out for c in "\x1b\x07\x08"), out
    code, out, _ = run("ask", "春耕生产会议", "--index", str(tmp_path / "idx"), "--json")
    assert "\\u001b" in out  # JSON keeps the text as it is, escaped


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = "import sys; from retrieval.cli import run; sys.argv = ['newsqa', 'articles']; run()"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert proc.wait(timeout=120) == 0 and "Broken pipe" not in err and "Traceback" not in err, err


def test_bad_files_exit_2_with_a_plain_message(tmp_path: Path) -> None:
    missing = tmp_path / "none.jsonl"
    code, out, err = run("eval", str(missing))
    assert (code, out) == (2, "") and err == f"newsqa: error: {missing}: No such file or directory\n"
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"q": "温县县委书记是谁?", "answers": ["毛文明"]}\n{"answers": []}\n', encoding="utf-8")
    code, out, err = run("eval", str(bad))
    assert (code, out) == (2, "") and f"{bad}:2: expected" in err and "Traceback" not in err
    userdict = tmp_path / "c.toml"
    userdict.write_text(f'[tokenizer]\nuser_dict = "{tmp_path / "no-such-dict.txt"}"\n', encoding="utf-8")
    code, out, err = run("ask", Q, "--config", str(userdict))
    assert (code, out) == (2, "") and "no-such-dict.txt" in err


def test_a_bug_is_not_reported_as_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """A KeyError or ValueError from inside the library is newsqa's fault: it must reach the
    traceback (exit 1 through `run`), not be printed as if the user had typed something wrong."""
    from retrieval.service import NewsQA

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("an internal table lost a row")

    monkeypatch.setattr(NewsQA, "ask", broken)
    with pytest.raises(KeyError, match="internal table"):
        run("ask", Q)
