"""The Milvus backend against Milvus Lite: the same top-k as the built-in engine (okapi mode),
Milvus's own BM25 (native mode), --add/--remove, and a rebuild swapped in while questions run.

One Milvus Lite file serves the whole module (Lite takes about a second to start). Skipped when
pymilvus or milvus-lite is not installed, except under CI, which installs them (.ci/run)."""

from __future__ import annotations

import io
import json
import sys
import threading
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import in_ci
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval import milvus, store
from retrieval.cli import main
from retrieval.index import BM25Index, BM25Params, TermStats
from retrieval.ingest import read_articles
from retrieval.milvus import MilvusError, MilvusScorer, MilvusSettings, publish
from retrieval.model import Article
from retrieval.recount import Recount
from retrieval.service import NewsQA, bundled_corpus, sample_settings


@pytest.fixture(scope="module")
def lite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The module's Milvus Lite file, started once."""
    try:
        import milvus_lite  # noqa: F401
        import pymilvus  # noqa: F401
    except ImportError as e:
        message = f"pymilvus/milvus-lite not installed ({e}): pip install 'newsqa[milvus]'"
        if in_ci():
            pytest.fail(f"{message}; CI is set, so the Milvus tests fail instead of skipping", pytrace=False)
        pytest.skip(message)
    uri = str(tmp_path_factory.mktemp("milvus") / "lite.db")
    milvus.connect(uri)
    return uri


def _tokens(qa: NewsQA, questions: list[dict]) -> list[list[str]]:
    return [qa.analyzer.tokens(q["q"]) for q in questions]


def _assert_same_top(ours: tuple[np.ndarray, np.ndarray], ref: tuple[np.ndarray, np.ndarray]) -> None:
    """Same passages, same order (ties by id, as the built-in engine breaks them), the same
    float64 scores bit for bit (the re-score adds the same terms in the same order)."""
    assert ours[0].tolist() == ref[0].tolist()
    assert ours[1].dtype == ref[1].dtype == np.float64
    assert ours[1].tobytes() == ref[1].tobytes(), (ours[1].tolist(), ref[1].tolist())


class _Tokens:
    """A scorer's passage counts from the token lists a test index was built from."""

    def __init__(self, docs: list[list[str]]) -> None:
        self.docs = docs

    def counts(self, pids: Any, wanted: Any) -> list[Counter[str]]:
        return [Counter(t for t in self.docs[int(p)] if t in wanted) for p in pids]


def test_okapi_top_k_equals_builtin_on_bundled_page(qa: NewsQA, questions: list[dict], lite: str) -> None:
    m = qa.on_milvus(MilvusSettings(uri=lite))
    assert isinstance(m.index, MilvusScorer)
    calls = _count_searches(m.index)
    for tokens in _tokens(qa, questions):
        for k in (1, 5, 20):
            _assert_same_top(m.index.top_k(tokens, k), qa.index.top_k(tokens, k))
    assert calls["n"] > 0 and calls["filtered"] == 0  # ranked by Milvus, not by the local postings
    for q in questions[:20]:  # whole answers too: the same hits, the same verdict
        a, b = qa.ask(q["q"]), m.ask(q["q"])
        assert [h.passage_id for h in b.hits] == [h.passage_id for h in a.hits]
        assert b.answered == a.answered


def _count_searches(scorer: MilvusScorer, filters: list[str] | None = None) -> dict[str, int]:
    calls = {"n": 0, "filtered": 0}
    search = scorer.client.search

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        calls["filtered"] += bool(kwargs.get("filter"))
        if filters is not None and kwargs.get("filter"):
            filters.append(kwargs["filter"])
        return search(*args, **kwargs)

    scorer.client = type("Spy", (), {"search": staticmethod(counted)})()
    return calls


def _lucene_scores(index: BM25Index, tokens: list[str]) -> np.ndarray:
    """Milvus's BM25: the same tf part as BM25Okapi, Lucene's IDF log(1 + (N-n+0.5)/(n+0.5))."""
    out = np.zeros(index.n_docs)
    for term, count in Counter(t for t in tokens if t in index.vocab).items():
        i = index.vocab[term]
        lo, hi = int(index.indptr[i]), int(index.indptr[i + 1])
        idf = np.log(1 + (index.n_docs - (hi - lo) + 0.5) / (hi - lo + 0.5))
        out[index.docs[lo:hi]] += count * idf * index.impacts[lo:hi]
    return out


def test_native_mode_is_milvus_bm25_with_our_k1_b(qa: NewsQA, questions: list[dict], lite: str) -> None:
    """Milvus's BM25 function over our terms (whitespace tokenizer) with k1/b from the index
    settings: each hit scores what Lucene-IDF BM25 gives it, in order; top-1 mostly agrees."""
    m = qa.on_milvus(MilvusSettings(uri=lite, mode="native"))
    assert qa.index.params.k1 == 1.2 and qa.index.params.b == 0.3  # not Milvus's defaults (1.2 / 0.75)
    local = qa.index  # the postings m's collection was written from
    same_top1 = asked = 0
    for tokens in _tokens(qa, questions):
        ids, scores = m.index.top_k(tokens, 5)
        expected = _lucene_scores(local, tokens)
        held = expected > 0
        if not held.any():
            assert len(ids) == 0
            continue
        best = np.sort(expected[held])[::-1][: len(ids)]
        np.testing.assert_allclose(scores, best, rtol=1e-4)  # the k best Lucene scores, best first
        np.testing.assert_allclose(expected[ids], scores, rtol=1e-4)  # and these passages have them
        asked += 1
        same_top1 += int(ids[0] == qa.index.top_k(tokens, 1)[0][0])
    assert asked >= 20 and same_top1 / asked >= 0.8


DOCS = st.lists(st.lists(st.sampled_from([f"t{i}" for i in range(40)]), min_size=1, max_size=12), min_size=30, max_size=80)


@settings(max_examples=12, deadline=None)
@given(DOCS, st.lists(st.sampled_from([f"t{i}" for i in range(40)] + ["unseen"]), min_size=1, max_size=6), st.integers(1, 12))
def test_okapi_top_k_equals_builtin_on_random_corpora(lite: str, docs: list[list[str]], query: list[str], k: int) -> None:
    ref = BM25Index.build(docs, BM25Params(k1=1.2, b=0.3))
    scorer = publish(ref, MilvusSettings(uri=lite, collection="hypo"), _Tokens(docs))
    try:
        _assert_same_top(scorer.top_k(query, k), ref.top_k(query, k))
        _assert_same_top(scorer.top_k(query * 2, k), ref.top_k(query * 2, k))  # repeated query terms count twice
    finally:
        scorer.client.drop_collection(scorer.collection)


def test_negative_weights_are_ranked_by_scoring_every_holder(lite: str) -> None:
    """Milvus refuses negative query weights; BM25Okapi has them when a term is in over half the
    passages of a tiny corpus: every passage holding a query term is then found in Milvus and
    scored from its counts, with the same result."""
    docs = [["a", "b"], ["a", "b"], ["a"], ["b", "a"], ["c"]]
    ref = BM25Index.build(docs)
    assert ref.idf_of("a") < 0
    scorer = publish(ref, MilvusSettings(uri=lite, collection="neg"), _Tokens(docs))
    try:
        _assert_same_top(scorer.top_k(["a", "b"], 3), ref.top_k(["a", "b"], 3))
        _assert_same_top(scorer.top_k(["c"], 3), ref.top_k(["c"], 3))
    finally:
        scorer.client.drop_collection(scorer.collection)


def _split(page: list[Article]) -> tuple[list[Article], list[Article]]:
    return page[:-2], page[-2:]


def test_add_and_remove_match_builtin_and_survive_reopening(qa: NewsQA, page_articles: list[Article], questions: list[dict], lite: str, tmp_path: Path) -> None:
    first, rest = _split(page_articles)
    base = NewsQA.build(first, sample_settings()).on_milvus(MilvusSettings(uri=lite, collection="addrm"))
    grown = base.added(rest)
    assert isinstance(grown.index, MilvusScorer) and isinstance(base.index, MilvusScorer)
    assert grown.index.collection != base.index.collection  # a new collection: impacts and IDF changed
    for tokens in _tokens(qa, questions):
        _assert_same_top(grown.index.top_k(tokens, 5), qa.index.top_k(tokens, 5))
    gone = page_articles[0].id
    shrunk, ref = grown.removed([gone]), qa.removed([gone])
    for tokens in _tokens(qa, questions):
        _assert_same_top(shrunk.index.top_k(tokens, 5), ref.index.top_k(tokens, 5))
    shrunk.save(tmp_path / "ix")
    again = NewsQA.open(tmp_path / "ix")
    assert isinstance(again.index, MilvusScorer) and again.index.collection == shrunk.index.collection
    for tokens in _tokens(qa, questions):
        _assert_same_top(again.index.top_k(tokens, 5), ref.index.top_k(tokens, 5))
    assert again.ask(questions[0]["q"], since="2020-02", until="2020-02").hits  # a date filter still answers


def test_rebuild_swaps_while_questions_run(qa: NewsQA, page_articles: list[Article], questions: list[dict], lite: str, tmp_path: Path) -> None:
    """A reader reopening the directory (as the bot does on reload) while rebuilds are saved:
    every answer is the old index's or the new one's, never an error or empty; the collection
    a not-yet-reloaded reader uses survives one rebuild, older ones are dropped."""
    first, rest = _split(page_articles)
    ix = tmp_path / "ix"
    b = NewsQA.build(first, sample_settings())
    base = NewsQA(b.corpus, b.index, b.build_spec, b.search, qa.analyzer)
    old = base.on_milvus(MilvusSettings(uri=lite, collection="swap"))
    old.save(ix)
    asked = [q["q"] for q in questions[:4]]
    want_old = {q: [h.passage_id for h in base.ask(q).hits] for q in asked}
    want_new = {q: [h.passage_id for h in qa.ask(q).hits] for q in asked}
    assert want_old != want_new
    opened: list[str] = []
    seen: list[tuple[str, list[int]]] = []
    errors: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                now = NewsQA.open(ix)  # as the bot reloads; its analyzer warmed once (jieba's start-up is not what is tested)
                now = NewsQA(now.corpus, now.index, now.build_spec, now.search, qa.analyzer)
                opened.append(now.index.collection)  # type: ignore[attr-defined]
                for q in asked:
                    seen.append((q, [h.passage_id for h in now.ask(q).hits]))
        except BaseException as e:  # reported below, in the test's thread, with where it was raised
            errors.append("".join(traceback.format_exception(e)))

    t = threading.Thread(target=reader)
    t.start()
    try:
        names = [old.index.collection]  # type: ignore[attr-defined]
        current = old
        while not opened and not errors:
            stop.wait(0.01)
        for step in range(2):  # grow, then shrink: each a new collection swapped in
            current = current.added(rest) if step % 2 == 0 else current.removed([a.id for a in rest])
            current.save(ix)
            names.append(current.index.collection)  # type: ignore[attr-defined]
            while (not opened or opened[-1] != names[-1]) and not errors:  # the reader has reloaded it
                stop.wait(0.01)
    finally:
        stop.set()
        t.join(60)
    assert not errors, errors[0]
    assert set(opened) >= set(names[1:])
    for q, got in seen:
        assert got and got in (want_old[q], want_new[q])
    left = set(milvus.connect(lite).list_collections())
    assert names[-1] in left and names[-2] in left and not (set(names[:-2]) & left)
    with pytest.raises(MilvusError, match="failed"):  # a reader two rebuilds behind gets a clear error
        old.ask(asked[0])


def test_cli_builds_asks_adds_removes_on_milvus(lite: str, tmp_path: Path) -> None:
    page = str(bundled_corpus())
    ix = str(tmp_path / "ix")

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()

    code, _, err = run("index", page, "--out", ix, "--backend", "milvus", "--uri", lite)
    assert code == 0, err
    meta = json.loads((Path(ix) / "meta.json").read_text(encoding="utf-8"))["backend"]
    assert meta["name"] == "milvus" and meta["uri"] == lite and meta["mode"] == "okapi" and "token" not in meta
    code, out, err = run("ask", "焦作市新冠肺炎确诊了多少例", "--index", ix, "--json", "--top-k", "3")
    assert code == 0, err
    builtin = NewsQA.build(read_articles([page])).ask("焦作市新冠肺炎确诊了多少例", 3)
    assert [h["text"] for h in json.loads(out)["hits"]] == [h.text for h in builtin.hits]
    code, out, _ = run("articles", "--index", ix, "--json")
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    code, _, err = run("index", "--remove", ids[0], "--index", ix)
    assert code == 0 and "8 -> 7 articles" in err
    code, _, err = run("index", "--add", page, "--index", ix)
    assert code == 2 and "already" in err  # the other seven are still there
    code, _, err = run("index", "--add", page, "--index", ix, "--uri", lite)
    assert code == 2 and "--add/--remove keep" in err
    code, _, err = run("index", page, "--out", str(tmp_path / "other"), "--backend", "milvus")
    assert code == 2 and "needs --uri" in err
    gone = json.loads((Path(ix) / "meta.json").read_text(encoding="utf-8"))["backend"]["collection"]
    milvus.connect(lite).drop_collection(gone)  # the index's collection lost: a clear error, exit 2
    code, _, err = run("ask", "焦作市新冠肺炎确诊了多少例", "--index", ix)
    assert code == 2 and f"has no collection {gone}" in err


def test_without_the_extra_backend_milvus_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pymilvus", None)  # import pymilvus now raises ImportError
    out, err = io.StringIO(), io.StringIO()
    code = main(["index", str(bundled_corpus()), "--out", str(tmp_path / "ix"), "--backend", "milvus", "--uri", str(tmp_path / "m.db")], stdout=out, stderr=err)
    assert code == 2
    assert 'pip install "newsqa[milvus]"' in err.getvalue()
    assert not (tmp_path / "ix").exists()


def test_milvus_config_is_read_and_checked(tmp_path: Path) -> None:
    from retrieval.config import ConfigError, load_config

    cfg = tmp_path / "c.toml"
    cfg.write_text('[index]\nbackend = "milvus"\n[milvus]\nuri = "data/m.db"\nmode = "native"\ncollection = "news"\n', encoding="utf-8")
    c = load_config(cfg)
    assert c.backend == "milvus" and c.milvus == MilvusSettings(uri=str(tmp_path / "data" / "m.db"), collection="news", mode="native")
    cfg.write_text('[milvus]\nuri = "http://milvus:19530"\n', encoding="utf-8")
    assert load_config(cfg).milvus.uri == "http://milvus:19530"  # a server address is not a path
    for bad, what in (('[milvus]\nmode = "bm25"\n', "mode"), ('[milvus]\ncollection = "my-news"\n', "collection"), ('[index]\nbackend = "es"\n', "backend")):
        cfg.write_text(bad, encoding="utf-8")
        with pytest.raises(ConfigError, match=what):
            load_config(cfg)


def test_rebuilds_drop_only_their_own_line(qa: NewsQA, questions: list[dict], lite: str, tmp_path: Path) -> None:
    """Two index directories on one Milvus, even under one alias: rebuilding one retires the
    collection before its previous one, and never the other directory's."""
    settings = MilvusSettings(uri=lite, collection="shared")
    a = qa.on_milvus(settings)
    a.save(tmp_path / "a")
    line = []
    for _ in range(3):
        b = qa.on_milvus(settings)
        b.save(tmp_path / "b")
        line.append(b.index.collection)  # type: ignore[attr-defined]
    left = set(milvus.connect(lite).list_collections())
    assert a.index.collection in left  # type: ignore[attr-defined]
    assert line[0] not in left and {line[1], line[2]} <= left
    again = NewsQA.open(tmp_path / "a")
    tokens = qa.analyzer.tokens(questions[0]["q"])
    _assert_same_top(again.index.top_k(tokens, 5), qa.index.top_k(tokens, 5))
    meta = json.loads((tmp_path / "b" / "meta.json").read_text(encoding="utf-8"))["backend"]
    assert meta["collection"] == line[2] and meta["previous"] == line[1]


def test_date_filters_are_milvus_filters_with_the_same_answers(
    page_articles: list[Article], questions: list[dict], lite: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--since/--until and a day named in the question: Milvus searches within passage-number
    ranges (past MAX_FILTER_RUNS, a list of passage numbers), with the whole index's
    statistics, and answers as the built-in engine does, to the bit."""
    from dataclasses import replace

    dated = [replace(a, date=f"2020-02-0{1 + i % 4}") for i, a in enumerate(page_articles)]  # days 1..4, interleaved
    ref = NewsQA.build(dated, sample_settings())
    m = NewsQA(ref.corpus, ref.index, ref.build_spec, ref.search, ref.analyzer).on_milvus(MilvusSettings(uri=lite, collection="dated"))
    filters: list[str] = []
    calls = _count_searches(m.index, filters)  # type: ignore[arg-type]
    asked = 0
    for q in questions[:15]:
        for since, until in (("2020-02-02", "2020-02-03"), ("2020-02-04", None)):
            a, b = ref.ask(q["q"], since=since, until=until), m.ask(q["q"], since=since, until=until)
            assert [(h.passage_id, h.score) for h in b.hits] == [(h.passage_id, h.score) for h in a.hits]
            assert a.answered == b.answered
            asked += bool(a.hits)
        named = "2月3日" + q["q"]  # asked of that day's and the next day's papers first
        assert [h.passage_id for h in m.ask(named).hits] == [h.passage_id for h in ref.ask(named).hits]
    assert asked > 10 and calls["filtered"] > 0
    assert all(f.startswith("(pid >=") or f.startswith("pid ==") for f in filters)
    monkeypatch.setattr(milvus, "MAX_FILTER_RUNS", 1)  # a filter of many ranges: a list of passage numbers
    before = calls["filtered"]
    for q in questions[:5]:
        for since, until in (("2020-02-02", None), ("2020-02-04", None)):  # about three quarters of the passages in, then a quarter
            a, b = ref.ask(q["q"], since=since, until=until), m.ask(q["q"], since=since, until=until)
            assert [(h.passage_id, h.score) for h in b.hits] == [(h.passage_id, h.score) for h in a.hits]
    assert calls["filtered"] > before
    assert {f.split(" [")[0] for f in filters[before:]} == {"pid in", "pid not in"}


@pytest.mark.asyncio
async def test_bot_answers_from_a_milvus_index_and_reloads_its_rebuild(page_articles: list[Article], lite: str, tmp_path: Path) -> None:
    """The bot, unchanged, over an index kept in Milvus: it answers, and picks up an --add
    (a new collection) while questions arrive, dropping none."""
    import asyncio
    from dataclasses import replace

    from bot import reload
    from bot.app import build_application
    from bot.config import load_bot_config
    from retrieval.config import load_config

    try:
        from tests.botkit import TOKEN, running, wait_sent
        from tests.fake_botapi import FakeBotAPI
    except ImportError:  # tests/ not a package
        from botkit import TOKEN, running, wait_sent  # type: ignore[no-redef]
        from fake_botapi import FakeBotAPI  # type: ignore[no-redef]

    question, answer = "李培华要求防控从控车向什么转变?", "从控车向控人转变"  # only in the page's last article
    idx = tmp_path / "idx"
    first = NewsQA.build(page_articles[:-1]).on_milvus(MilvusSettings(uri=lite, collection="bot"))
    first.save(idx)
    cfg = replace(load_config(None), index_dir=idx)
    with FakeBotAPI(TOKEN) as fake:
        bot_cfg = load_bot_config({"bot": {"base_url": fake.base_url, "reload_seconds": 0.2}}, "e2e.toml", {})
        app = build_application(cfg, bot_cfg, TOKEN)
        async with running(app):
            try:
                fake.push_message(1, 1, question)
                [before] = await wait_sent(fake, 1, 1)
                assert answer not in before["text"] and app.bot_data.state.stats.articles == 7
                assert isinstance(app.bot_data.qa.index, MilvusScorer)  # opened from meta.json: ranked by Milvus
                rebuild = asyncio.to_thread(lambda: first.added(page_articles[-1:]).save(idx))
                for user in range(100, 110):  # questions arriving while the index is swapped
                    fake.push_message(user, user, "温县县委书记是谁?")
                await rebuild
                await fake.async_wait_for(lambda s: all(s.sent_messages(u) for u in range(100, 110)), 30)
                await fake.async_wait_for(lambda s: app.bot_data.state.stats.articles == 8, 10)
                fake.push_message(2, 2, question)
                [after] = await wait_sent(fake, 2, 1)
                assert answer in after["text"]
                assert all(len(fake.sent_messages(u)) == 1 for u in range(100, 110))
                assert app.bot_data.qa.index.collection != first.index.collection
            finally:
                await reload.stop(app)


def test_on_a_server_the_alias_follows_the_newest_collection() -> None:
    """The server branch of MilvusScorer.commit, against a recording stand-in (no Milvus server
    runs here): an alias that does not exist yet is created, an existing one is moved, and only
    the retired collection is dropped."""

    class Recorder:
        def __init__(self, aliases: dict[str, str]) -> None:
            self.aliases, self.calls = aliases, []  # alias -> collection

        def list_aliases(self, collection_name: str = "") -> dict[str, list[str]]:
            return {"aliases": [a for a, c in self.aliases.items() if c == collection_name]}

        def alter_alias(self, collection: str, alias: str) -> None:
            if alias not in self.aliases:
                raise RuntimeError("alias not found")
            self.aliases[alias] = collection
            self.calls.append(("alter", collection))

        def create_alias(self, collection: str, alias: str) -> None:
            self.aliases[alias] = collection
            self.calls.append(("create", collection))

        def has_collection(self, name: str) -> bool:
            return True

        def drop_collection(self, name: str) -> None:
            self.calls.append(("drop", name))

    docs = [["a"], ["b"]]
    local = TermStats.of(BM25Index.build(docs))
    info = {"name": "milvus", "uri": "http://milvus:19530", "database": None, "alias": "news", "mode": "okapi"}
    fresh = Recorder({})
    MilvusScorer(local, _Tokens(docs), fresh, info | {"collection": "news_1"}).commit([])
    assert fresh.aliases == {"news": "news_1"} and fresh.calls == [("create", "news_1")]
    moved = Recorder({"news": "news_1"})
    second = MilvusScorer(local, _Tokens(docs), moved, info | {"collection": "news_2"})
    meta, retired = second.succession(info | {"collection": "news_1", "previous": "news_0"})
    assert meta["previous"] == "news_1" and retired == ["news_0"]
    second.commit(retired)
    assert moved.aliases == {"news": "news_2"} and moved.calls == [("alter", "news_2"), ("drop", "news_0")]
    assert second.succession(info | {"uri": "http://elsewhere:19530", "collection": "x", "previous": "y"})[1] == []  # another Milvus: nothing dropped


def test_a_lite_file_waits_for_its_server_to_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Milvus Lite's first start can overrun pymilvus's 10 s wait on a cold machine: a .db uri is
    connected with a longer one; a server uri keeps pymilvus's own."""
    pymilvus = pytest.importorskip("pymilvus")
    pytest.importorskip("milvus_lite")
    seen: list[dict] = []

    class Client:
        def __init__(self, **kwargs: object) -> None:
            seen.append(kwargs)

    monkeypatch.setattr(pymilvus, "MilvusClient", Client)
    monkeypatch.setattr(milvus, "_clients", {})
    milvus.connect(str(tmp_path / "lite.db"))
    milvus.connect("http://milvus.example:19530")
    assert seen[0]["timeout"] == milvus.LITE_START_SECONDS > 10 and "timeout" not in seen[1]


def test_messages_never_show_credentials_in_the_uri() -> None:
    assert milvus._safe("http://root:Milvus@db.example:19530") == "http://***@db.example:19530"
    assert milvus._safe("https://db.example:19530/x") == "https://db.example:19530/x"
    assert milvus._safe("/data/news.db") == "/data/news.db"


POSTINGS = {"indptr.npy", "docs.npy", "tfs.npy", "impacts.npy"}


def test_the_directory_holds_no_postings_and_an_old_one_is_refused(qa: NewsQA, questions: list[dict], lite: str, tmp_path: Path) -> None:
    """A Milvus index directory keeps df and doc_len, not the postings (format MILVUS_VERSION);
    the built-in directory is unchanged; a directory of the old Milvus format (postings, version 3)
    is refused with the rebuild message."""
    m = qa.on_milvus(MilvusSettings(uri=lite, collection="lean"))
    m.save(tmp_path / "lean")
    qa.save(tmp_path / "builtin")
    lean = {p.name for p in (tmp_path / "lean").iterdir()}
    builtin = {p.name for p in (tmp_path / "builtin").iterdir()}
    assert not (lean & POSTINGS) and "df.npy" in lean and "doc_len.npy" in lean
    assert POSTINGS <= builtin and "df.npy" not in builtin and lean - {"df.npy"} < builtin
    meta = json.loads((tmp_path / "lean" / "meta.json").read_text(encoding="utf-8"))
    assert meta["version"] == store.MILVUS_VERSION != store.VERSION
    assert json.loads((tmp_path / "builtin" / "meta.json").read_text(encoding="utf-8"))["version"] == store.VERSION
    assert meta["counts"]["postings"] == int(len(qa.index.docs))  # type: ignore[attr-defined]
    again = NewsQA.open(tmp_path / "lean")
    assert isinstance(again.index, MilvusScorer) and not hasattr(again.index, "indptr")
    np.testing.assert_array_equal(again.index.stats.df, qa.index.df)  # type: ignore[attr-defined]
    for q in questions[:10]:
        tokens = qa.analyzer.tokens(q["q"])
        _assert_same_top(again.index.top_k(tokens, 5), qa.index.top_k(tokens, 5))
    with pytest.raises(MilvusError, match="no postings"):
        again.index.get_scores(tokens)
    with pytest.raises(store.IndexFormatError, match="open it with NewsQA.open"):
        store.load(tmp_path / "lean")
    old = json.loads((tmp_path / "builtin" / "meta.json").read_text(encoding="utf-8"))
    old["backend"] = meta["backend"]  # what an older newsqa wrote: the postings, version 3, a backend
    (tmp_path / "builtin" / "meta.json").write_text(json.dumps(old), encoding="utf-8")
    with pytest.raises(store.IndexFormatError, match=r"version 3, this newsqa reads version 4 for an index kept in Milvus; rebuild the index"):
        NewsQA.open(tmp_path / "builtin")


def _by_passage(index: BM25Index) -> list[Counter[str]]:
    out: list[Counter[str]] = [Counter() for _ in range(index.n_docs)]
    for t, term in enumerate(index.terms):
        lo, hi = int(index.indptr[t]), int(index.indptr[t + 1])
        for d, tf in zip(index.docs[lo:hi].tolist(), index.tfs[lo:hi].tolist()):
            out[d][term] = tf
    return out


def test_recounts_are_the_postings(qa: NewsQA, page_articles: list[Article], questions: list[dict]) -> None:
    """Every passage re-analysed from its text (headline terms, outline context) has exactly the
    term counts the postings hold: of every term, and of a question's few terms (where a
    sentence without any of them in its folded text is not analysed), whether its article is
    read for many passages or for one at a time."""
    for ix in (qa, NewsQA.build(page_articles)):  # the sample settings, and the defaults (outline on)
        want = _by_passage(ix.index)  # type: ignore[arg-type]
        pids = list(range(ix.corpus.n_passages))
        assert Recount(ix.corpus, ix.build_spec, ix.analyzer).counts(pids, ix.index.terms) == want
        assert sum(sum(c.values()) for c in want) == int(ix.index.doc_len.sum())  # type: ignore[attr-defined]
        one = Recount(ix.corpus, ix.build_spec, ix.analyzer, articles=1)
        skipped = 0
        for q in questions[:40]:
            terms = set(ix.analyzer.tokens(q["q"]))
            got = [one.counts([p], terms)[0] for p in reversed(pids)]
            assert got == [Counter({t: n for t, n in c.items() if t in terms}) for c in reversed(want)]
            skipped += sum(not c for c in got)
        assert skipped > 0
    assert NewsQA.build(page_articles).build_spec.outline


def test_coverage_and_holding_equal_the_postings(qa: NewsQA, questions: list[dict], lite: str) -> None:
    m = qa.on_milvus(MilvusSettings(uri=lite, collection="cover"))
    rng = np.random.default_rng(7)
    for q in questions[:30]:
        terms = qa.analyzer.tokens(q["q"]) + ["不在索引里的词"]
        docs = rng.choice(qa.corpus.n_passages, size=12, replace=False).tolist()
        assert m.index.coverage(terms, docs).tobytes() == qa.index.coverage(terms, docs).tobytes()
        np.testing.assert_array_equal(m.index.holding(terms, docs), qa.index.holding(terms, docs))
        assert m.index.idf_of(terms[0]) == qa.index.idf_of(terms[0]) and m.index.idf_of(terms[-1]) == qa.index.idf_of(terms[-1])
