"""Building an index from articles: chunk, tokenize (on every core), count, invert.

Articles stream through in batches; each worker returns compact arrays (its own
small vocabulary and term ids), not token strings, so a million passages cost
the index's arrays in memory, not the tokens'. The same path adds articles to an
existing index (without re-tokenizing what it holds) and removes articles.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Protocol, overload

import numpy as np

from . import outline
from .chunking import ChunkSettings, chunk_spans
from .corpus import Corpus
from .errors import ArticleIdError
from .index import BM25Index, BM25Params, count_terms
from .model import Article, ArticleInfo
from .tokenizer import Analyzer, AnalyzerSpec

Progress = Callable[[int], None]
BATCH_ARTICLES = 500
PARALLEL_FROM = 2_000  # below this many articles a process pool costs more than it saves


@dataclass(frozen=True)
class BuildSpec:
    """Everything that decides a passage's terms; saved with the index."""

    analyzer: AnalyzerSpec
    chunking: ChunkSettings
    title_weight: int  # the headline's terms, added this many times to each passage
    outline: bool = False  # numbered points carry their announcing sentence and heading (outline.py)


@dataclass
class Batch:
    """A batch of articles, chunked and counted: passage spans and doc-ordered postings."""

    starts: np.ndarray  # int32, each passage's span in its article's text
    ends: np.ndarray
    per_article: np.ndarray  # int32, passages per article
    terms: list[str]  # the batch's own vocabulary
    tid: np.ndarray  # per posting, into terms
    tf: np.ndarray
    per_doc: np.ndarray  # postings per passage
    doc_len: np.ndarray  # tokens per passage


_worker: tuple[Analyzer, BuildSpec] | None = None


def _init_worker(spec: BuildSpec) -> None:
    global _worker
    _worker = (Analyzer(spec.analyzer), spec)


def _process(items: Sequence[tuple[str, str]]) -> Batch:
    """(headline, text) pairs -> Batch; runs in a worker process (or inline)."""
    assert _worker is not None
    analyzer, spec = _worker
    spans_all = [chunk_spans(text, spec.chunking) for _, text in items]

    def passage_tokens() -> Iterator[list[str]]:
        for (headline, text), spans in zip(items, spans_all):
            article = ArticleTerms(analyzer, spec, headline, text, spans)
            yield from (article.terms(i) for i in range(len(article)))

    vocab: dict[str, int] = {}
    tid, tf, per_doc, doc_len = count_terms(passage_tokens(), vocab)
    flat = np.asarray([span for spans in spans_all for span in spans], dtype=np.int32).reshape(-1, 2)
    per_article = np.fromiter((len(spans) for spans in spans_all), dtype=np.int32, count=len(spans_all))
    return Batch(flat[:, 0].copy(), flat[:, 1].copy(), per_article, list(vocab), tid, tf, per_doc, doc_len)


class TextAnalyzer(Protocol):
    """What ArticleTerms calls: an Analyzer, or one that remembers its answers (recount.py)."""

    def tokens(self, text: str) -> list[str]: ...
    def fold(self, text: str) -> str: ...


class _LazyTokens(Sequence[list[str]]):
    """An article's sentences, each analysed when first read (outline.context_terms reads only a few)."""

    def __init__(self, analyzer: TextAnalyzer, sentences: list[str]) -> None:
        self._analyzer, self._sentences = analyzer, sentences
        self._done: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self._sentences)

    @overload
    def __getitem__(self, i: int) -> list[str]: ...
    @overload
    def __getitem__(self, i: slice) -> list[list[str]]: ...
    def __getitem__(self, i: int | slice) -> list[str] | list[list[str]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i not in self._done:
            self._done[i] = self._analyzer.tokens(self._sentences[i])
        return self._done[i]


class ArticleTerms:
    """The terms of an article's passages as the index counts them: the sentence's tokens, its
    outline context, the headline's tokens title_weight times. The one definition of a
    passage's terms: a build reads every passage's; a Milvus index re-analysing its candidates
    (retrieval/recount.py) makes it `lazy`, so that a sentence is analysed only when its terms,
    or an outline context, need it."""

    def __init__(self, analyzer: TextAnalyzer, spec: BuildSpec, headline: str, text: str, spans: Sequence[tuple[int, int]], *, lazy: bool = False) -> None:
        self.analyzer = analyzer
        self.sentences = sentences = [text[a:b] for a, b in spans]
        self._folded: dict[int, str] = {}
        self.tokens: Sequence[list[str]] = _LazyTokens(analyzer, sentences) if lazy else [analyzer.tokens(s) for s in sentences]
        self.title = analyzer.tokens(headline) * spec.title_weight if spec.title_weight else []
        self.extra = outline.context_terms(sentences, outline.paragraph_breaks(text, spans), self.tokens) if spec.outline else None

    def __len__(self) -> int:
        return len(self.tokens)

    def terms(self, i: int) -> list[str]:
        """Passage i's terms (i counted within the article)."""
        if self.extra is not None:
            return self.tokens[i] + self.extra[i] + self.title
        return self.tokens[i] + self.title

    def counts(self, i: int, wanted: Collection[str]) -> Counter[str]:
        """Passage i's counts of the wanted terms, as Counter(terms(i)) has them. Its sentence is
        analysed only when a wanted term occurs in its folded text: every token of a text is a
        piece of its folded form (the segmenter cuts the folded text; the filter only strips),
        so a term that is not there is not among its tokens."""
        if i not in self._folded:
            self._folded[i] = self.analyzer.fold(self.sentences[i])
        folded = self._folded[i]
        own = self.tokens[i] if any(t in folded for t in wanted) else []
        extra = self.extra[i] if self.extra is not None else []
        return Counter(t for part in (own, extra, self.title) for t in part if t in wanted)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


class Builder:
    """Accumulates articles into a corpus and doc-ordered postings, then inverts them once."""

    def __init__(self, spec: BuildSpec, workers: int | None = None) -> None:
        self.spec = spec
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.infos: list[ArticleInfo] = []
        self.texts: list[str] = []
        self.vocab: dict[str, int] = {}
        self._start: list[np.ndarray] = []
        self._end: list[np.ndarray] = []
        self._per_article: list[np.ndarray] = []
        self._tid: list[np.ndarray] = []
        self._tf: list[np.ndarray] = []
        self._per_doc: list[np.ndarray] = []
        self._doc_len: list[np.ndarray] = []

    def add(self, articles: Iterable[Article], progress: Progress | None = None, expected: int | None = None) -> None:
        batches = _batches(articles, BATCH_ARTICLES)
        parallel = self.workers > 1 and (expected is None or expected >= PARALLEL_FROM)
        if not parallel:
            _init_worker(self.spec)
            for arts in batches:
                self._take(arts, _process([(a.headline, a.text) for a in arts]), progress)
            return
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        with ctx.Pool(self.workers, initializer=_init_worker, initargs=(self.spec,)) as pool:
            pending: list[tuple[list[Article], object]] = []
            for arts in batches:
                pending.append((arts, pool.apply_async(_process, ([(a.headline, a.text) for a in arts],))))
                while len(pending) > 2 * self.workers:  # bounded read-ahead keeps memory flat
                    done_arts, res = pending.pop(0)
                    self._take(done_arts, res.get(), progress)  # type: ignore[attr-defined]
            for done_arts, res in pending:
                self._take(done_arts, res.get(), progress)  # type: ignore[attr-defined]

    def _take(self, arts: list[Article], batch: Batch, progress: Progress | None) -> None:
        vocab = self.vocab
        ids = [vocab.get(t, -1) for t in batch.terms]  # after the first batches nearly every term is known
        for i, t in enumerate(batch.terms):
            if ids[i] < 0:
                ids[i] = vocab.setdefault(t, len(vocab))
        mapping = np.asarray(ids, dtype=np.int32)
        self._tid.append(mapping[batch.tid] if len(batch.tid) else batch.tid)
        self._tf.append(batch.tf)
        self._per_doc.append(batch.per_doc)
        self._doc_len.append(batch.doc_len)
        self.infos.extend(ArticleInfo.of(a) for a in arts)
        self.texts.extend(a.text for a in arts)
        self._start.append(batch.starts)
        self._end.append(batch.ends)
        self._per_article.append(batch.per_article)
        if progress:
            progress(len(arts))

    def finish(self, params: BM25Params, base: tuple[Corpus, BM25Index] | None = None) -> tuple[Corpus, BM25Index]:
        """Invert the postings, after those of `base` (an existing index being added to)."""
        cat = _concat
        terms = list(self.vocab)
        tid, tf, per_doc, doc_len = cat(self._tid, np.int32), cat(self._tf, np.int32), cat(self._per_doc, np.int32), cat(self._doc_len, np.int32)
        doc = np.repeat(np.arange(len(per_doc), dtype=np.int64), per_doc)
        per_article = cat(self._per_article, np.int32)
        corpus = Corpus(
            self.infos,
            self.texts,
            np.repeat(np.arange(len(per_article), dtype=np.int32), per_article),
            cat(self._start, np.int32),
            cat(self._end, np.int32),
            np.concatenate([[0], np.cumsum(per_article, dtype=np.int64)]).astype(np.int64),
        )
        if base is None:
            return corpus, BM25Index.from_triples(terms, tid, doc, tf, doc_len, params)
        old_corpus, old = base
        # the base's terms keep their ids; new terms follow
        all_terms = list(old.terms)
        known = old.vocab
        extra: dict[str, int] = {}
        remap = np.empty(len(terms), dtype=np.int64)
        for i, t in enumerate(terms):
            j = known.get(t)
            if j is None:
                j = extra.setdefault(t, len(all_terms) + len(extra))
            remap[i] = j
        all_terms.extend(extra)
        old_tid = np.repeat(np.arange(len(old.terms), dtype=np.int64), np.diff(old.indptr))
        index = BM25Index.from_triples(
            all_terms,
            np.concatenate([old_tid, remap[tid] if len(tid) else tid.astype(np.int64)]),
            np.concatenate([np.asarray(old.docs, dtype=np.int64), doc + old.n_docs]),
            np.concatenate([np.asarray(old.tfs), tf]),
            np.concatenate([np.asarray(old.doc_len), doc_len]),
            params,
        )
        return old_corpus.extended(corpus), index


def _concat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype=dtype)


def build(
    articles: Iterable[Article],
    spec: BuildSpec,
    params: BM25Params,
    progress: Progress | None = None,
    *,
    expected: int | None = None,
    workers: int | None = None,
    base: tuple[Corpus, BM25Index] | None = None,
) -> tuple[Corpus, BM25Index]:
    builder = Builder(spec, workers)
    builder.add(articles, progress, expected)
    return builder.finish(params, base)


def require_articles(corpus: Corpus, article_ids: Iterable[str]) -> list[int]:
    """The positions of these articles in the corpus; ArticleIdError naming any it lacks."""
    wanted = set(article_ids)
    found = [i for i, a in enumerate(corpus.articles) if a.id in wanted]
    missing = wanted - {corpus.articles[i].id for i in found}
    if missing:
        raise ArticleIdError(f"no article with id {', '.join(sorted(missing))}")
    return found


def remove(corpus: Corpus, index: BM25Index, article_ids: Iterable[str]) -> tuple[Corpus, BM25Index]:
    """Drop articles by id; statistics are recomputed from what remains, so they stay exact."""
    drop_articles = require_articles(corpus, article_ids)
    keep_article = np.ones(len(corpus.articles), dtype=bool)
    keep_article[drop_articles] = False
    dropped = (
        np.concatenate([np.arange(corpus.article_first[i], corpus.article_first[i + 1]) for i in drop_articles])
        if drop_articles
        else np.zeros(0, dtype=np.int64)
    )
    keep_doc = np.ones(corpus.n_passages, dtype=bool)
    keep_doc[dropped] = False
    new_doc_id = np.cumsum(keep_doc) - 1
    tid = np.repeat(np.arange(len(index.terms), dtype=np.int64), np.diff(index.indptr))
    docs = np.asarray(index.docs, dtype=np.int64)
    keep = keep_doc[docs]
    tid, docs, tfs = tid[keep], new_doc_id[docs[keep]], np.asarray(index.tfs)[keep]
    used = np.unique(tid)
    term_map = np.full(len(index.terms), -1, dtype=np.int64)
    term_map[used] = np.arange(len(used))
    new_index = BM25Index.from_triples([index.terms[i] for i in used.tolist()], term_map[tid], docs, tfs, np.asarray(index.doc_len)[keep_doc], index.params)
    return corpus.subset(keep_article), new_index
