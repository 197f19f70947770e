"""`NewsQA`: the one API the CLI and the bot call.

It owns a corpus, its BM25 index and the analyzer saved with it, answers a
question with ranked passages in context, and decides whether the corpus holds
an answer at all.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sized
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from . import answers, build, dates, query, store, windows
from . import milvus as milvus_backend
from .build import BuildSpec
from .config import Config, IndexSettings, SearchSettings
from .corpus import Corpus
from .index import BM25Index, TermStats
from .ingest import read_articles
from .milvus import MilvusScorer, MilvusSettings
from .model import Article, ArticleInfo
from .recount import Recount
from .scorer import Scorer
from .text import normalize
from .tokenizer import Analyzer, AnalyzerSpec, folded_marks

Progress = Callable[[int], None]
ANSWER_POOL = 10  # candidates re-ranked for a question that asks for a kind of answer (20 measured the same)
COMPLETE = True  # windows.window's question-aware rule (NewsQA._completes); off only for measuring
RANGE_DAY_PENALTY = 0.3  # a passage naming the question's day only as a range's end weighs 1/(1+this) (0.15-0.3 alike on tune)
PIECE_COVERAGE = 0.8  # share of a piece question's mass an article must hold to be the piece it describes (_described)
CHECK_DEPTH = 5  # the best passages, one of which must hold the kind of answer asked for (a number, a name)
_SPACE = re.compile(r"\s+")  # answer_matches compares text without it
MAX_QUESTION_CHARS = 1000  # a question is a sentence; 100k characters took 40 s to tokenize and rank


class QuestionTooLong(ValueError):
    """A question longer than MAX_QUESTION_CHARS: refused before any work, for every caller."""


def bundled_corpus() -> Path:
    """The sample page shipped inside the package."""
    return Path(__file__).parent / "data" / "jiaozuo-news-2020-02.txt"


def sample_settings(settings: IndexSettings = IndexSettings()) -> IndexSettings:
    """Index settings for the bundled sample page: its own user dictionary (the page's names)
    unless one is configured. Only the sample gets it, so no other corpus is cut by the page's names."""
    if settings.user_dict is not None:
        return settings
    return replace(settings, user_dict=Path(__file__).parent / "data" / "jiaozuo-userdict.txt")


@dataclass(frozen=True)
class Span:
    """A hit's best answer candidate: `text` is `hit.text[start:end]` (offsets in characters)."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        """The span in `newsqa ask --json`."""
        return {"text": self.text, "start": self.start, "end": self.end}


SELF_ANSWERING = ("byline", "title")  # Hit kinds whose whole text is the answer: bold all of it, re-rank none


@dataclass(frozen=True)
class Hit:
    """One answering passage: its text as written (a sentence, or a sentence with the neighbour
    it depends on), the sentences around it, the article it is from, and the answer in it."""

    rank: int
    score: float
    passage_id: int
    text: str
    before: str  # neighbouring sentences, for context
    after: str
    marks: tuple[tuple[int, int], ...]  # spans of `text` that match the question's terms (a byline: all of it)
    article: ArticleInfo
    coverage: float  # share of the question's coverage mass (query.plan) this passage holds
    kind: str = "passage"  # or "byline": the article's credit, which answers "who wrote/took it"; or "title": its headline (标题叫啥)
    answer: Span | None = None  # the span of `text` that answers the question, when one is found

    @property
    def context(self) -> str:
        """The passage with its neighbouring sentences, as written."""
        return self.before + self.text + self.after

    def to_json(self) -> dict[str, Any]:
        """The hit in `newsqa ask --json` (docs/cli.md)."""
        a = self.article
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "text": self.text,
            "context": self.context,
            "kind": self.kind,
            "answer": None if self.answer is None else self.answer.to_json(),
            "article": {
                "id": a.id,
                "title": a.title,
                "byline": a.byline,
                "date": a.date,
                "url": a.url,
                "source": a.source,
            },
        }


@dataclass(frozen=True)
class Answer:
    """What NewsQA.ask returns: the ranked hits, and whether the corpus answers the question at
    all (`answered` False: the hits are the nearest passages, not an answer)."""

    question: str
    answered: bool
    took_ms: float
    hits: list[Hit] = field(default_factory=list)
    terms: tuple[str, ...] = ()  # the question's distinct search terms (the bot's nearest headlines use them)

    def to_json(self) -> dict[str, Any]:
        """The answer in `newsqa ask --json` (docs/cli.md)."""
        return {
            "question": self.question,
            "answered": self.answered,
            "took_ms": round(self.took_ms, 3),
            "hits": [h.to_json() for h in self.hits],
        }


@dataclass(frozen=True)
class Stats:
    """Counts of an index, and the range of its articles' dates."""

    articles: int
    passages: int
    terms: int
    first_date: str | None
    last_date: str | None


@dataclass(frozen=True)
class _Window:
    """What a hit on one passage shows: passages first..last as written, the question's words
    marked in it, and the answer found there."""

    first: int
    last: int
    text: str
    marks: tuple[tuple[int, int], ...]
    answer: Span | None
    fits: bool  # holds a candidate of the kind of answer asked for (one the question says counts: 是4点吗)


@dataclass
class _Work:
    """What one question computes once and shares between ranking, checks and hits."""

    terms: list[str]  # the question's distinct terms, marked in passages
    expected: answers.Expected
    anchors: tuple[str | None, str | None]  # the question's words around its question word (answers.anchors)
    texts: dict[int, str] = field(default_factory=dict)  # article texts, decoded once per question
    windows: dict[int, _Window] = field(default_factory=dict)
    # a window's marks, answer and fit by its text: the same sentence in several articles
    # (a wire story reprinted) is folded, cut and searched for an answer once per question
    found: dict[str, tuple[tuple[tuple[int, int], ...], Span | None, bool]] = field(default_factory=dict)
    held: dict[int, np.ndarray] = field(default_factory=dict)  # passage -> which of `words` it holds
    words: list[str] = field(default_factory=list)  # the terms the neighbour rule reads (2+ characters)
    plural: bool = False  # the question asks a list (哪些村): the span is the whole list
    office: str | None = None  # the office whose holder is asked (院长是谁): a fit names it
    days: tuple[tuple[int, int], ...] = ()  # the days it names (2月3日, 2月3号): (month, day)
    confirming: bool = True  # a yes-no question (是4点吗): a candidate it says itself may answer it


@dataclass(frozen=True)
class _Ranking:
    """One plan's ranked passages (after any number re-rank) and what they answer."""

    pids: list[int]
    scores: list[float]
    covered: list[float]
    relevant: bool  # the best passage covers enough of the question
    answered: bool  # …and the checks for the kind of answer asked for (a number, a name) hold


class NewsQA:
    """The one API the CLI and the bot call: a corpus, its BM25 index and the analyzer saved
    with it. Build it from articles (`build`), open a saved index (`open`), or follow a config
    (`from_config`); then `ask`. Instances are immutable in use: `added`/`removed` return new ones."""

    def __init__(
        self,
        corpus: Corpus,
        index: Scorer,
        spec: BuildSpec,
        search: SearchSettings = SearchSettings(),
        analyzer: Analyzer | None = None,
    ) -> None:
        if analyzer is not None and analyzer.spec != spec.analyzer:
            raise ValueError("the analyzer must be the one the index was built with")
        self.corpus = corpus
        self.index = index
        self.build_spec = spec  # how this index cuts and counts text: what articles added later go through
        self.analyzer = analyzer or Analyzer(spec.analyzer)
        self.search = search

    # --- construction ----------------------------------------------------------

    @classmethod
    def build(
        cls,
        articles: Iterable[Article],
        settings: IndexSettings = IndexSettings(),
        search: SearchSettings = SearchSettings(),
        progress: Progress | None = None,
        *,
        expected: int | None = None,
        workers: int | None = None,
    ) -> NewsQA:
        """Index articles: chunked, tokenized on every core for large corpora, inverted."""
        spec = AnalyzerSpec.from_files(settings.tokenizer_mode, settings.stopwords, settings.user_dict, oov_chars=settings.oov_chars)
        if expected is None and isinstance(articles, Sized):
            expected = len(articles)
        bspec = BuildSpec(spec, settings.chunking, settings.title_weight, settings.outline)
        corpus, index = build.build(articles, bspec, settings.bm25, progress, expected=expected, workers=workers)
        return cls(corpus, index, bspec, search)

    @classmethod
    def open(cls, path: str | Path, search: SearchSettings = SearchSettings(), milvus: MilvusSettings | None = None) -> NewsQA:
        """A saved index directory (see `save`); refused when its format or analyzer version differs.

        An index kept in Milvus (meta.json's backend) is searched there; `milvus` may give another
        uri for the same Milvus, and its token and database (else MILVUS_TOKEN, MILVUS_DB)."""
        corpus, index, spec, backend = store.load_all(path)
        if backend is None:
            return cls(corpus, index, spec, search)  # type: ignore[arg-type]  # load_all: postings without a backend
        if backend["name"] != "milvus":
            raise store.IndexFormatError(f"{path}: index kept in an unknown backend {backend['name']!r}; rebuild the index")
        if not isinstance(index, TermStats):
            raise store.IndexFormatError(f"{path}: a Milvus index directory with postings; rebuild the index")
        analyzer = Analyzer(spec.analyzer)
        scorer = milvus_backend.attach(index, Recount(corpus, spec, analyzer), backend, milvus)
        return cls(corpus, scorer, spec, search, analyzer)

    def on_milvus(self, settings: MilvusSettings) -> NewsQA:
        """This index, ranked by Milvus: its passages written into a new collection (retrieval/milvus.py)."""
        recount = Recount(self.corpus, self.build_spec, self.analyzer)
        return NewsQA(self.corpus, milvus_backend.publish(self._postings(), settings, recount), self.build_spec, self.search, self.analyzer)

    def _postings(self) -> BM25Index:
        """The postings: the index itself, or, for an index kept in Milvus (which keeps none),
        its texts tokenized again (every core; as long as a build) into postings with the
        directory's term ids, so a changed index numbers its terms as the built-in one would."""
        if not isinstance(self.index, MilvusScorer):
            return self.index  # type: ignore[return-value]
        stats = self.index.stats
        c = self.corpus
        articles = (Article(**vars(info), text=c.texts[i]) for i, info in enumerate(c.articles))
        _, fresh = build.build(articles, self.build_spec, stats.params, expected=len(c.articles))
        same = fresh.vocab.keys() == stats.vocab.keys() and np.array_equal(fresh.doc_len, stats.doc_len)
        if not same or not np.array_equal(fresh.df[[fresh.vocab[t] for t in stats.terms]], stats.df):
            raise store.IndexFormatError("the index's texts tokenized again do not give its statistics; rebuild the index from the source files")
        remap = np.asarray([stats.vocab[t] for t in fresh.terms], dtype=np.int64)
        tid = np.repeat(remap, np.diff(fresh.indptr))
        return BM25Index.from_triples(stats.terms, tid, np.asarray(fresh.docs, dtype=np.int64), fresh.tfs, fresh.doc_len, stats.params)

    def _hosted(self, index: BM25Index, corpus: Corpus) -> Scorer:
        """A changed index, on the engine this one is on (a Milvus index: a new collection)."""
        if isinstance(self.index, MilvusScorer):
            return self.index.rebuilt(index, Recount(corpus, self.build_spec, self.analyzer))
        return index

    @classmethod
    def from_config(cls, cfg: Config, progress: Progress | None = None) -> NewsQA:
        """Open the configured index, or build one in memory from the corpus (the bundled page by default)."""
        if cfg.index_dir is not None:
            return cls.open(cfg.index_dir, cfg.search, cfg.milvus)
        if cfg.corpus:
            return cls.build(read_articles(cfg.corpus), cfg.index, cfg.search, progress)
        return cls.build(read_articles([bundled_corpus()]), sample_settings(cfg.index), cfg.search, progress)

    def warm(self) -> NewsQA:
        """Load now what the first question would otherwise load inside its took_ms (the
        analyzer's dictionary and name tags); the CLI and the bot call it once the index is
        open. Returns self."""
        self.analyzer.warm()
        return self

    def with_search(self, search: SearchSettings) -> NewsQA:
        """The same index and analyzer, answering with other search settings (nothing rebuilt)."""
        return NewsQA(self.corpus, self.index, self.build_spec, search, self.analyzer)

    def save(self, path: str | Path) -> Path:
        """Write the index as a directory of plain files (arrays, JSON), replacing any at path atomically.

        A Milvus index's directory names its collection; once it is in place, the alias is
        switched, and the collection before the one it replaced is dropped (MilvusScorer.succession)."""
        if not isinstance(self.index, MilvusScorer):
            return store.save(path, self.corpus, self._postings(), self.build_spec)
        with store.writer_lock(path):
            try:
                old = store.read_meta(Path(path)).get("backend")
            except store.IndexFormatError:
                old = None
            info, retired = self.index.succession(old if isinstance(old, dict) else None)
            out = store.save(path, self.corpus, self.index.stats, self.build_spec, backend=info)
            self.index.commit(retired)
        return out

    def added(self, articles: Iterable[Article], progress: Progress | None = None, *, expected: int | None = None) -> NewsQA:
        """A new NewsQA with articles added; existing passages are not re-tokenized, statistics stay exact."""
        if expected is None and isinstance(articles, Sized):
            expected = len(articles)
        corpus, index = build.build(articles, self.build_spec, self.index.params, progress, expected=expected, base=(self.corpus, self._postings()))
        return NewsQA(corpus, self._hosted(index, corpus), self.build_spec, self.search, self.analyzer)

    def removed(self, article_ids: Iterable[str]) -> NewsQA:
        """A new NewsQA without these articles; statistics recomputed from what remains."""
        ids = list(article_ids)
        build.require_articles(self.corpus, ids)  # before re-tokenizing a Milvus index's texts
        corpus, index = build.remove(self.corpus, self._postings(), ids)
        return NewsQA(corpus, self._hosted(index, corpus), self.build_spec, self.search, self.analyzer)

    # --- questions -------------------------------------------------------------

    def ask(
        self,
        question: str,
        top_k: int | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        named_dates: bool = True,
    ) -> Answer:
        """Rank passages for a question; `answered` is False when nothing relevant is there.

        since/until (YYYY-MM-DD or YYYY-MM, inclusive) keep only articles dated in that range.
        With named_dates, a question naming a day (2月3日, 昨天) is first asked of that day's
        and the next day's papers, and of the whole corpus only if they do not answer it."""
        if len(question) > MAX_QUESTION_CHARS:
            raise QuestionTooLong(f"question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
        if since or until:  # the same ranking over the passages of articles in the range (dates.py)
            return self._dated(since, until).ask(question, top_k, named_dates=False)
        day = dates.named_day(question, self.corpus.dates()[1]) if named_dates else None
        papers = self._dated(*dates.report_window(day), days_only=True) if day is not None else None
        if papers is not None and papers.index.allowed.any():  # type: ignore[attr-defined]  # a DatedIndex
            first = papers.ask(dates.without_named_day(question), top_k, named_dates=False)
            if first.answered:
                return replace(first, question=question)
        t0 = time.perf_counter()
        se = self.search
        k = self.search.top_k if top_k is None else top_k
        asked = query.without_courtesy(question)
        folded = self.analyzer.fold(asked)
        terms = self._terms(asked, folded)
        unique = list(dict.fromkeys(terms))
        work = self._work(unique, folded)
        credit = None
        q = self._plan(terms, folded, credit=se.byline_answers)
        by_credit = k > 0 and q.asks_credit and se.byline_answers  # the plan left the words about the credit out
        r = self._rank(q, k, work, checks=not by_credit)  # a byline answers it, not a number or a name
        if by_credit:  # about the best article: if the question names a piece, or is its headline
            lead = self._piece_lead(q, r, work)
            byline = self._info_of(r.pids[lead]).byline if lead is not None else None
            if lead is not None and query.credit_answers(byline, q.asks_photo):
                credit = self._byline_hit(r.pids[lead], r.scores[lead], r.covered[lead], work.texts)
            elif query.has_byline(byline):  # credited, not for what was asked (a photo)
                r = replace(r, answered=False)
            else:  # no piece found, or one with no byline: a question about the text after all
                r = self._rank(self._plan(terms, folded, credit=False), k, work)
        hits = [credit] if credit else []
        windows: set[tuple[int, int]] = set()
        for pid, score, cov in zip(r.pids, r.scores, r.covered):
            if len(hits) >= k:
                break
            w = self._window_of(pid, work)
            if (w.first, w.last) not in windows:  # a heading and its explanation show one window: one card
                windows.add((w.first, w.last))
                hits.append(self._hit(len(hits) + 1, pid, score, cov, work))
        took = (time.perf_counter() - t0) * 1000
        answered = k > 0 and (credit is not None or r.answered)
        return Answer(question, answered, took, hits, tuple(unique))

    def terms(self, question: str) -> list[str]:
        """The analyzer's terms of a question as `ask` searches them: without the words that pad
        it (麻烦问一下), ask a span of days (从几号到几号), name the measure of a count (人 of
        多少人: the answer's number carries it) or the kind of answer (名字 of 叫什么名字)."""
        asked = query.without_courtesy(question)
        return self._terms(asked, self.analyzer.fold(asked))

    def _terms(self, asked: str, folded: str) -> list[str]:
        """`terms` of a question already without its padding (`asked`) and folded."""
        spanless = answers.without_range_asked(folded)
        terms = self.analyzer.tokens(spanless if spanless is not None else asked) if asked.strip() else []
        counted = answers.counted_measure(folded)
        form = answers.form_asked(folded)
        return [t for t in terms if t != counted and t not in form] or terms

    def credit(self, hit: Hit, question: str) -> Hit | None:
        """The byline of a hit's article as the answer to a credit question about it (这篇是谁
        写的 after the article was shown), or None when its byline does not answer it (no
        byline, or a photo credit asked of a writer's byline)."""
        info = hit.article
        if not query.credit_answers(info.byline, query.asks_photo(self.analyzer.fold(question))):
            return None
        art = self.corpus.find_article(info.id)
        if art is None:
            return None
        ids = self.corpus.article_passage_ids(art)
        return self._byline_hit(ids[-1], hit.score, 1.0, {})

    def reanswer(self, question: str, hit: Hit) -> Hit:
        """The same passage, marked and answered for another question: a follow-up that the
        passage just shown answers (他是在什么会上讲的) is shown it again with its own answer."""
        terms = list(dict.fromkeys(self.analyzer.tokens(question))) if question.strip() else []
        marks, answer, _ = self._find(hit.text, self._work(terms, self.analyzer.fold(question)))
        return replace(hit, marks=marks, answer=answer)

    def _work(self, terms: list[str], folded: str) -> _Work:
        """What a question (its distinct terms, folded text) shares between ranking and hits:
        the kind of answer it asks for, its anchors, whether it asks a list."""
        kind = answers.expected(folded) if self.search.typed_answers else answers.Expected(None)
        anchors = answers.anchors(folded, terms) if kind.kind in answers.OPEN_KINDS else (None, None)
        days = answers.days_named(folded) if self.search.typed_answers else ()
        office = answers.office_asked(folded) if kind.kind == answers.NAME else None
        plural = bool(answers.ASKS_LIST.search(folded))
        confirming = bool(answers.CONFIRMING.search(folded))
        return _Work(terms, kind, anchors, words=[t for t in terms if len(t) > 1], plural=plural, days=days, office=office, confirming=confirming)

    # --- date filter: kept apart from the ranking above ------------

    @cached_property
    def article_dates(self) -> list[str | None]:
        """Every article's date, read once: a filtered question should not decode every record."""
        return [a.date for a in self.corpus.articles]

    def between(self, since: str | None, until: str | None) -> NewsQA:
        """This NewsQA answering only from articles dated in [since, until] (YYYY-MM-DD or
        YYYY-MM, inclusive; None leaves that end open), with the whole index's statistics."""
        return self._dated(since, until)

    def _dated(self, since: str | None, until: str | None, *, days_only: bool = False) -> NewsQA:
        """This NewsQA with an index that only returns passages of articles dated in [since, until]."""
        mask = dates.article_mask(self.article_dates, since, until, days_only=days_only)
        keep = mask[np.asarray(self.corpus.passage_article)]
        return NewsQA(self.corpus, dates.DatedIndex(self.index, keep), self.build_spec, self.search, self.analyzer)

    def _plan(self, terms: list[str], folded: str, *, credit: bool, piece: bool = False) -> query.Query:
        a = self.analyzer
        return query.plan(terms, folded, self.index, a.stopwords, fallback=self.search.oov_fallback, credit=credit, piece=piece, dictionary=a.in_dictionary)

    def _rank(self, q: query.Query, k: int, work: _Work, *, checks: bool = True) -> _Ranking:
        """The best passages for a plan, re-ranked for a question that asks for a kind of answer
        (a number with its unit, a date, a name, a place), and whether they answer it (with
        `checks`, also whether one of the best holds an answer of that kind)."""
        se = self.search
        kind = work.expected.kind if checks else None
        boost = se.number_boost if kind is not None else 0.0
        check = kind is not None and (se.number_check if kind in (answers.NUMBER, answers.DATE) else se.name_check if kind == answers.NAME else False)
        check = check and answers.ALONG not in work.expected.units  # companions named otherwise (在…陪同下) still answer
        pool = max(k, ANSWER_POOL) if boost > 0 or work.days else max(k, CHECK_DEPTH) if check else k
        pool = max(pool, 2 * k)  # passages showing one window make one hit (ask): enough left to show k
        ids, scores = self.index.top_k(list(q.terms), pool)
        pids, ranked = ids.tolist(), scores.tolist()
        covered = (self.index.coverage(q.coverage_terms, pids) / (q.mass or 1.0)).tolist()
        if COMPLETE and self.search.answer_windows:
            n = self.corpus.n_passages  # one postings lookup per term for every window of the pool
            self._prefetch({d for p in pids for d in (p - 1, p, p + 1) if 0 <= d < n}, work)
        fits = [self._window_of(p, work).fits for p in pids] if boost > 0 or check else []
        # 毛文明2月3日去的哪个镇: not the account's opening "1月23日至2月3日,毛文明多次督导…"
        ranged = [answers.day_only_in_range(self.analyzer.fold(self._passage(p, work.texts)), work.days) for p in pids] if work.days else []
        if boost > 0:
            ranked = [s * (1 + boost) if f else s for s, f in zip(ranked, fits)]
        if any(ranged):
            ranked = [s / (1 + RANGE_DAY_PENALTY) if r else s for s, r in zip(ranked, ranged)]
        if boost > 0 or any(ranged):
            order = sorted(range(len(pids)), key=lambda i: -ranked[i])  # stable: ties keep BM25 order
            pids = [pids[i] for i in order]
            ranked = [ranked[i] for i in order]
            covered = [covered[i] for i in order]
            fits = [fits[i] for i in order] if fits else fits
        relevant = [c >= se.min_coverage and s > 0 for c, s in zip(covered, ranked)]
        best = bool(relevant) and relevant[0]
        answered = best
        if answered and check:
            if work.office is not None:  # 院长是谁: a name beside the office, not any name
                fits = [f and work.office in self.analyzer.fold(self._window_of(p, work).text) for p, f in zip(pids[:CHECK_DEPTH], fits)]
            answered = any(r and f for r, f in zip(relevant[:CHECK_DEPTH], fits))
        return _Ranking(pids, ranked, covered, best, answered)

    def _passage(self, pid: int, texts: dict[int, str]) -> str:
        """A passage as written, its article's text decoded at most once per question (texts)."""
        c = self.corpus
        art = int(c.passage_article[pid])
        if art not in texts:
            texts[art] = c.texts[art]
        return texts[art][int(c.passage_start[pid]) : int(c.passage_end[pid])]

    def _window_of(self, pid: int, work: _Work) -> _Window:
        """The passage a hit on pid shows (pid with the neighbour it depends on, windows.window)
        and the answer found in it; computed once per question."""
        if pid in work.windows:
            return work.windows[pid]
        texts = work.texts
        first = last = pid
        if self.search.answer_windows:
            ids = self.corpus.article_passage_ids(int(self.corpus.passage_article[pid]))
            lo, hi = max(ids.start, pid - 1), min(ids.stop - 1, pid + 1)
            run = [self._passage(i, texts) for i in range(lo, hi + 1)]
            first, last = windows.window(run, pid - lo, self._completes(lo, hi, work) if COMPLETE else None)
            first, last = lo + first, lo + last
        text = self._passage(pid, texts)
        if first != last:
            c = self.corpus  # the passages as written, with what lies between them (a space, a paragraph break)
            text = texts[int(c.passage_article[pid])][int(c.passage_start[first]) : int(c.passage_end[last])]
        if text not in work.found:
            work.found[text] = self._find(text, work)
        shown, answer, fits = work.found[text]
        work.windows[pid] = w = _Window(first, last, text, shown, answer, fits)
        return w

    def _find(self, text: str, work: _Work) -> tuple[tuple[tuple[int, int], ...], Span | None, bool]:
        """In a window's text: the question's words (spans as written), the answer span, and
        whether it holds a candidate of the kind of answer asked for."""
        folded, starts, ends = self.analyzer.fold_mapped(text)
        marks = folded_marks(folded, work.terms)
        e = work.expected
        found = answers.candidates(e.kind, folded, e.units, self.analyzer.tagged_words) if e.kind else []
        answer = None
        if self.search.answer_spans:
            typed = e.kind not in answers.OPEN_KINDS
            # who went along, said otherwise than 等一同 (和他一起的是X): any name of the passage answers
            near = found or (answers.candidates(e.kind, folded, (), self.analyzer.tagged_words) if answers.ALONG in e.units else [])
            span = answers.best_span(folded, marks, near, typed=typed, anchors=work.anchors, confirming=work.confirming)
            if work.plural:
                span = answers.list_span(folded, span, marks, self.analyzer.tagged_words, found)
            if span is not None:
                a, b = starts[span[0]], ends[span[1] - 1]
                answer = Span(text[a:b], a, b)
        shown = tuple((starts[a], ends[b - 1]) for a, b in marks)  # the question's words, in the text as written
        return shown, answer, bool(found)

    def _prefetch(self, docs: Iterable[int], work: _Work) -> None:
        """Which question words each of these passages holds, read from the index's postings in
        one pass (for windows.window's question-aware rule)."""
        if not work.words:
            return
        todo = sorted(d for d in docs if d not in work.held)
        if todo:
            held = self.index.holding(work.words, todo)
            work.held.update((d, held[:, c]) for c, d in enumerate(todo))

    def _completes(self, lo: int, hi: int, work: _Work) -> Callable[[int, int], bool]:
        """windows.window's question-aware rule over passages lo..hi: neighbour j completes
        sentence i when it holds a word of the question (two characters or more) that i lacks:
        the match runs across the sentence end, and so, most often, does the answer. Read
        from the index's postings, so no sentence is cut again."""
        self._prefetch(range(lo, hi + 1), work)
        held = work.held

        def completes(i: int, j: int) -> bool:
            return bool(work.words) and bool((held[lo + j] & ~held[lo + i]).any())

        return completes

    def _hit(self, rank: int, pid: int, score: float, coverage: float, work: _Work) -> Hit:
        w = self._window_of(pid, work)
        before, _ = self.corpus.neighbours(w.first, self.search.context)
        _, after = self.corpus.neighbours(w.last, self.search.context)
        return Hit(
            rank=rank,
            score=score,
            passage_id=pid,
            text=w.text,
            before="".join(self._passage(i, work.texts) for i in before),
            after="".join(self._passage(i, work.texts) for i in after),
            marks=w.marks,
            article=self.corpus.articles[int(self.corpus.passage_article[pid])],
            coverage=coverage,
            answer=w.answer,
        )

    def _is_headline(self, q: query.Query, info: ArticleInfo) -> bool:
        """Whether every term the question searches is in the article's headline
        (直面没有硝烟的战场是谁写的 names that article by its title)."""
        return bool(q.coverage_terms) and set(q.coverage_terms) <= set(self.analyzer.tokens(info.headline))

    def piece(self, description: str, top_k: int | None = None) -> Hit | None:
        """The best passage of the piece a description names (温县毛文明督导那篇稿子, 讲马村万众一心
        奋战疫情那篇文章), as a credit question finds it: by the words about its content, in one
        passage or spread over the article (_described); None when no piece matches."""
        asked = query.without_courtesy(description)
        folded = self.analyzer.fold(asked)
        terms = self._terms(asked, folded)
        if not terms:
            return None
        k = self.search.top_k if top_k is None else top_k
        work = self._work(list(dict.fromkeys(terms)), folded)
        q = replace(self._plan(terms, folded, credit=False, piece=True), names_piece=True)
        r = self._rank(q, max(k, 1), work, checks=False)
        lead = self._piece_lead(q, r, work)
        return None if lead is None else self._hit(1, r.pids[lead], r.scores[lead], r.covered[lead], work)

    def _piece_lead(self, q: query.Query, r: _Ranking, work: _Work) -> int | None:
        """Which of a credit question's ranked passages is of the piece it asks about: the best
        one, if relevant and the question names a piece or is its headline; else the best of
        the article its words describe (_described); None when there is none."""
        if r.relevant and (q.names_piece or self._is_headline(q, self._info_of(r.pids[0]))):
            return 0
        if q.names_piece and (art := self._described(q, r.pids, work.texts)) is not None:
            return next(i for i, p in enumerate(r.pids) if int(self.corpus.passage_article[p]) == art)
        return None

    def _info_of(self, pid: int) -> ArticleInfo:
        """The metadata of a passage's article."""
        return self.corpus.articles[int(self.corpus.passage_article[pid])]

    def _described(self, q: query.Query, pids: list[int], texts: dict[int, str]) -> int | None:
        """The article a question about a piece describes by words spread over it rather than
        held by one passage (马村那篇抗疫纪实: 马村 in its text, 纪实 in its subtitle, 抗疫 only as
        抗“疫”): of the ranked passages' articles, the one whose headline and text hold at least
        PIECE_COVERAGE of the question's coverage mass, more than any other does. A word the
        corpus lacks counts as held by an article holding each of its characters."""
        c = self.corpus
        terms = list(q.coverage_terms)
        if not terms or not pids or q.mass <= 0:
            return None
        arts = list(dict.fromkeys(int(c.passage_article[p]) for p in pids))
        shares: list[float] = []
        for art in arts:
            ids = c.article_passage_ids(art)
            held = [bool(x) for x in np.any(self.index.holding(terms, list(ids)), axis=1)]
            info = c.articles[art]
            folded = ""
            mass = 0.0
            for term, h in zip(terms, held):
                if not h and term not in self.index.vocab:
                    if not folded:
                        if art not in texts:
                            texts[art] = c.texts[art]
                        folded = self.analyzer.fold(info.headline + " " + texts[art])
                    h = all(ch in folded for ch in term)
                mass += query.weight(term, self.index) if h else 0.0
            shares.append(mass / q.mass)
        order = sorted(range(len(arts)), key=lambda i: -shares[i])
        best = order[0]
        if shares[best] < PIECE_COVERAGE or (len(order) > 1 and shares[order[1]] >= shares[best]):
            return None
        return arts[best]

    def _byline_hit(self, pid: int, score: float, coverage: float, texts: dict[int, str]) -> Hit:
        """The byline of pid's article as a hit, after the sentences it closes (as printed)."""
        art = int(self.corpus.passage_article[pid])
        info = self.corpus.articles[art]
        byline = (info.byline or "").strip()
        ids = self.corpus.article_passage_ids(art)
        n = self.search.context
        before = "".join(self._passage(i, texts) for i in ids[max(0, len(ids) - n) :]).rstrip() + " " if n else ""
        return Hit(
            rank=1,
            score=score,
            passage_id=ids[-1],  # the sentence the byline closes: its article opens from there
            text=byline,
            before=before,
            after="",
            marks=((0, len(byline)),),
            article=info,
            coverage=coverage,
            kind="byline",
        )

    # --- browsing --------------------------------------------------------------

    def articles(self) -> list[tuple[ArticleInfo, int]]:
        """Every article with its passage count."""
        first = self.corpus.article_first
        return [(a, int(first[i + 1] - first[i])) for i, a in enumerate(self.corpus.articles)]

    def article(self, article_id: str) -> tuple[ArticleInfo, list[str]] | None:
        """An article's metadata and its sentences, or None if the id is unknown (see article_at)."""
        i = self.corpus.find_article(article_id)
        return None if i is None else self.article_at(i)

    def article_of_passage(self, pid: int) -> tuple[ArticleInfo, list[str]] | None:
        """The article a passage belongs to (see article_at), or None for an unknown passage id."""
        if not 0 <= pid < self.corpus.n_passages:
            return None
        return self.article_at(int(self.corpus.passage_article[pid]))

    def article_at(self, i: int) -> tuple[ArticleInfo, list[str]]:
        """Metadata and sentences of article i; each sentence keeps the whitespace after it
        (a paragraph break is a newline), so "".join(sentences) is the whole text as written."""
        text = self.corpus.texts[i]
        ids = self.corpus.article_passage_ids(i)
        starts = [int(self.corpus.passage_start[p]) for p in ids]
        bounds = [0, *starts[1:], len(text)] if starts else [0, len(text)]
        return self.corpus.articles[i], [text[a:b] for a, b in zip(bounds, bounds[1:])]

    def stats(self) -> Stats:
        first, last = self.corpus.dates()
        return Stats(len(self.corpus.articles), self.corpus.n_passages, len(self.index.terms), first, last)


def answer_matches(text: str, answers: Iterable[str]) -> bool:
    """A passage answers when it holds a gold answer string (both normalized, whitespace
    aside: the byline 梁双摄 is shown as 梁双 摄)."""
    folded = _SPACE.sub("", normalize(text))
    return any(_SPACE.sub("", normalize(a)) in folded for a in answers)
