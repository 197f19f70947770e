"""Milvus as the engine that ranks passages: Milvus Lite (a local `.db` file) or a Milvus server.

The index directory stays the source of truth, and keeps what is small: passages, texts,
analyzer, vocabulary, each term's document frequency and each passage's length (no postings,
store.py). Milvus holds one row per passage (primary key = the passage's number in that
directory) and answers `top_k`, so the scan over long postings lists runs in Milvus, on as
many shards and replicas as it has. What the answer checks need of a passage (which
question terms it holds, how often) is recounted from its text with the index's analyzer
(retrieval/recount.py), for the few dozen passages a question looks at. Two modes:

- `okapi` (default): each row is the passage's BM25Okapi impacts as a sparse vector
  (term id -> tf(k1+1)/(tf + k1(1-b+b·dl/avgdl))), the query is IDF x term count, the metric
  `IP`: Milvus's scores are newsqa's (in float32); the candidates that can be in the top k
  are re-scored exactly from their recounted terms, in the built-in engine's order of
  terms, so scores (bitwise) and tie order equal the built-in engine's.
- `native`: each row holds the passage's terms joined by spaces, Milvus's BM25 function
  (`whitespace` tokenizer, `bm25_k1`/`bm25_b` from the index settings) makes the vectors;
  Milvus's IDF is Lucene's, log(1 + (N-n+0.5)/(n+0.5)), so rankings are close, not equal.

Every build, `--add` or `--remove` writes a new collection (impacts and passage numbers
change with the corpus) from postings in memory: a build has them; `--add`/`--remove` on a
directory re-tokenize its texts first (NewsQA._postings); the directory's meta.json names the collection it belongs to,
so a replica always queries the collection that matches its passages. On a server, the
alias (the configured collection name) is switched to the newest collection.
Needs `pip install "newsqa[milvus]"` (pymilvus 2.5.18, milvus-lite 2.5.1).
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError
from .index import BM25Index, BM25Params, TermStats, coverage_of, holding_of
from .recount import PassageCounts

INSTALL = 'pip install "newsqa[milvus]"'
MODES = ("okapi", "native")
BATCH_ROWS = 5_000  # rows per insert call: well under gRPC's 64 MB message limit for sentence passages
MAX_LIMIT = 16_384  # Milvus's largest top-k
TOKEN_ENV, DB_ENV = "MILVUS_TOKEN", "MILVUS_DB"
# Milvus Lite starts its server on the first connect: 6 s on a cold start here, near pymilvus's
# 10 s default wait, which a slow disk overruns ("Fail connecting to server on unix:…sock")
LITE_START_SECONDS = 60.0
MAX_FILTER_RUNS = 256  # passage-number ranges in one Milvus filter expression; more: scored locally


class MilvusUnavailable(InputError):
    """--backend milvus without the optional packages: says what to install."""


class MilvusError(InputError):
    """Milvus unreachable, or its collection missing or not matching the index directory."""


@dataclass(frozen=True)
class MilvusSettings:
    """Where and how to keep an index in Milvus (config.example.toml, [milvus])."""

    uri: str | None = None  # a local .db file (Milvus Lite) or http://host:19530 (a server)
    token: str | None = None  # "user:password" or an API key; MILVUS_TOKEN wins; never written to the index
    database: str | None = None  # a server's database; MILVUS_DB wins; None: "default"
    collection: str = "newsqa"  # the alias; each build is a collection named collection_<time>_<id>
    mode: str = "okapi"

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise InputError(f"milvus mode must be one of {', '.join(MODES)} (got {self.mode!r})")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,180}", self.collection):
            raise InputError(f"milvus collection {self.collection!r}: letters, digits and underscores, starting with a letter")


def require() -> Any:
    """The pymilvus module, or MilvusUnavailable naming the extra to install."""
    try:
        import pymilvus
    except ImportError as e:
        raise MilvusUnavailable(f"the Milvus backend needs pymilvus and milvus-lite ({e}); install them with: {INSTALL}") from None
    return pymilvus


def is_lite(uri: str) -> bool:
    """A local file path (Milvus Lite) rather than a server address."""
    return "://" not in uri


def resolve_uri(uri: str) -> str:
    """Lite paths made absolute (meta.json must name the same file from any working directory)."""
    if not is_lite(uri):
        return uri
    if not uri.endswith(".db"):
        raise InputError(f"milvus uri {uri!r}: a Milvus Lite file must end in .db (or give http://host:19530 for a server)")
    return str(Path(uri).expanduser().resolve())


_clients: dict[tuple[str, str, str], Any] = {}
_clients_lock = threading.Lock()


def _safe(uri: str) -> str:
    """The uri as messages show it: credentials in it (http://user:password@host) are never printed."""
    return re.sub(r"(?<=//)[^/@]*@", "***@", uri)


def connect(uri: str, token: str | None = None, database: str | None = None) -> Any:
    """One MilvusClient per (uri, token, database) per process: Milvus Lite starts one server per
    file, and closing one of two clients on the same file breaks the other."""
    pymilvus = require()
    if is_lite(uri):
        try:
            import milvus_lite  # noqa: F401  # pymilvus starts it for a .db uri
        except ImportError as e:
            raise MilvusUnavailable(f"a local .db uri needs milvus-lite ({e}); install it with: {INSTALL}") from None
        Path(uri).parent.mkdir(parents=True, exist_ok=True)
    token = os.environ.get(TOKEN_ENV) or token or ""
    database = os.environ.get(DB_ENV) or database or ""
    key = (uri, token, database)
    with _clients_lock:
        if key not in _clients:
            kwargs: dict[str, Any] = {"uri": uri}
            if is_lite(uri):
                kwargs["timeout"] = LITE_START_SECONDS  # pymilvus 2.5 uses it for the first connect only
            if token:
                kwargs["token"] = token
            if database and not is_lite(uri):
                kwargs["db_name"] = database
            try:
                _clients[key] = pymilvus.MilvusClient(**kwargs)
            except Exception as e:  # pymilvus raises its own and grpc's errors
                raise MilvusError(f"cannot reach Milvus at {_safe(uri)}: {e}") from e
        return _clients[key]


def _by_doc(index: BM25Index) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The postings turned around: for passage d, rows[bounds[d]:bounds[d+1]] of (term id, tf, impact)."""
    tid = np.repeat(np.arange(len(index.terms), dtype=np.int64), np.diff(np.asarray(index.indptr)))
    docs = np.asarray(index.docs)
    order = np.argsort(docs, kind="stable")
    bounds = np.zeros(index.n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(docs, minlength=index.n_docs), out=bounds[1:])
    return bounds, tid[order], np.asarray(index.tfs)[order], np.asarray(index.impacts, dtype=np.float64)[order]


def _rows(index: BM25Index, mode: str) -> Iterator[list[dict[str, Any]]]:
    """Batches of rows: the passage number and, by mode, its impacts or its terms joined by spaces."""
    bounds, tid, tfs, imp = _by_doc(index)
    terms = index.terms
    for lo in range(0, index.n_docs, BATCH_ROWS):
        hi = min(index.n_docs, lo + BATCH_ROWS)
        a, b = int(bounds[lo]), int(bounds[hi])
        ids, weights, counts = tid[a:b].tolist(), imp[a:b].tolist(), tfs[a:b].tolist()
        cuts = (bounds[lo : hi + 1] - a).tolist()
        batch: list[dict[str, Any]] = []
        for d in range(hi - lo):
            s, e = cuts[d], cuts[d + 1]
            if mode == "okapi":
                batch.append({"pid": lo + d, "v": dict(zip(ids[s:e], weights[s:e]))})
            else:
                batch.append({"pid": lo + d, "text": " ".join(" ".join([terms[t]] * n) for t, n in zip(ids[s:e], counts[s:e]))})
        yield batch


def _schema(client: Any, mode: str, params: BM25Params) -> tuple[Any, Any]:
    from pymilvus import DataType, Function, FunctionType

    schema = client.create_schema(auto_id=False)
    schema.add_field("pid", DataType.INT64, is_primary=True)
    ip = client.prepare_index_params()
    if mode == "okapi":
        schema.add_field("v", DataType.SPARSE_FLOAT_VECTOR)
        ip.add_index("v", index_type="SPARSE_INVERTED_INDEX", metric_type="IP", params={"inverted_index_algo": "DAAT_MAXSCORE"})
    else:
        schema.add_field("text", DataType.VARCHAR, max_length=65_535, enable_analyzer=True, analyzer_params={"tokenizer": "whitespace"})
        schema.add_field("v", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["text"], output_field_names=["v"]))
        ip.add_index("v", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params={"bm25_k1": params.k1, "bm25_b": params.b})
    return schema, ip


def publish(index: BM25Index, settings: MilvusSettings, recount: PassageCounts) -> MilvusScorer:
    """Write the index's passages into a new collection (complete, flushed and loaded before it
    is returned); nothing points at it until the index directory is saved (`commit`). The
    scorer keeps the index's TermStats, not its postings; `recount` reads the same corpus."""
    if not settings.uri:
        raise InputError("the Milvus backend needs a uri: --uri FILE.db (Milvus Lite) or --uri http://host:19530")
    uri = resolve_uri(settings.uri)
    if settings.mode == "native":
        spaced = [t for t in index.terms if any(ch.isspace() for ch in t)]
        if spaced:
            raise InputError(f"native mode joins terms with spaces, and {len(spaced)} terms hold whitespace (e.g. {spaced[0]!r}); use mode okapi")
    client = connect(uri, settings.token, settings.database)
    name = f"{settings.collection}_{time.strftime('%Y%m%d%H%M%S')}_{uuid.uuid4().hex[:8]}"
    schema, ip = _schema(client, settings.mode, index.params)
    try:
        client.create_collection(name, schema=schema, index_params=ip, consistency_level="Strong")
        for batch in _rows(index, settings.mode):
            client.insert(name, batch)
        client.flush(name)
        rows = int(client.get_collection_stats(name)["row_count"])
        if rows != index.n_docs:
            raise MilvusError(f"Milvus collection {name} took {rows} of {index.n_docs} passages")
    except BaseException as e:
        try:
            client.drop_collection(name)
        except Exception:
            pass
        if isinstance(e, InputError) or not isinstance(e, Exception):
            raise
        raise MilvusError(f"writing the index into Milvus at {_safe(uri)} failed: {e}") from e
    info = {"name": "milvus", "uri": uri, "database": settings.database, "alias": settings.collection, "collection": name, "mode": settings.mode}
    return MilvusScorer(TermStats.of(index), recount, client, info)


def attach(index: TermStats, recount: PassageCounts, backend: dict[str, Any], settings: MilvusSettings | None = None) -> MilvusScorer:
    """The scorer of a saved index directory (meta.json's `backend`): its collection, checked to hold
    one row per passage. settings.uri, when given, overrides the saved uri (another address of the same Milvus)."""
    try:
        mode, name, uri = str(backend["mode"]), str(backend["collection"]), str(backend["uri"])
    except KeyError as e:
        raise MilvusError(f"the index's Milvus settings lack {e}; rebuild the index") from None
    if mode not in MODES:
        raise MilvusError(f"the index's Milvus mode {mode!r} is not one of {', '.join(MODES)}; rebuild the index")
    s = settings or MilvusSettings()
    uri = resolve_uri(s.uri) if s.uri else uri
    client = connect(uri, s.token, s.database or backend.get("database"))
    try:
        exists = bool(client.has_collection(name))
        rows = int(client.get_collection_stats(name)["row_count"]) if exists else -1
        if exists and rows == index.n_docs:
            client.load_collection(name)  # a no-op when it is loaded; after a server restart, needed
    except Exception as e:
        raise MilvusError(f"cannot read Milvus collection {name} at {_safe(uri)}: {e}") from e
    if not exists:
        raise MilvusError(f"Milvus at {_safe(uri)} has no collection {name} (this index's); rebuild it with newsqa index ... --backend milvus")
    if rows != index.n_docs:
        raise MilvusError(f"Milvus collection {name} holds {rows} rows, the index {index.n_docs} passages; rebuild the index")
    return MilvusScorer(index, recount, client, {**backend, "uri": uri})


def _runs(allowed: np.ndarray) -> list[tuple[int, int]]:
    """The allowed passages as inclusive (first, last) ranges of passage numbers."""
    a = np.asarray(allowed, dtype=np.int8)
    edges = np.diff(np.concatenate([[0], a, [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return list(zip(starts.tolist(), ends.tolist()))


def _expression(allowed: np.ndarray) -> str:
    """A Milvus filter keeping the allowed passages: ranges of passage numbers, or, past
    MAX_FILTER_RUNS ranges (dates that interleave finely), the list of the allowed passages or
    of the others, whichever is shorter."""
    runs = _runs(allowed)
    if len(runs) <= MAX_FILTER_RUNS:
        return " or ".join(f"pid == {lo}" if lo == hi else f"(pid >= {lo} and pid <= {hi})" for lo, hi in runs)
    keep = np.flatnonzero(allowed)
    if 2 * len(keep) <= len(allowed):
        return f"pid in [{','.join(map(str, keep.tolist()))}]"
    return f"pid not in [{','.join(map(str, np.flatnonzero(~np.asarray(allowed, dtype=bool)).tolist()))}]"


NEAR = 1e-5  # float32 scores this close (relative) to the k-th may be at or above it exactly


def _near(n_terms: int) -> float:
    """How far (relative) Milvus's float32 score may be from the exact one: impacts and weights
    rounded to float32 and n positive products summed in float32 err by at most about
    (n+2)·2^-24 each way; twice that, and never under NEAR."""
    return max(NEAR, (n_terms + 2) * 2.0**-23)


class MilvusScorer:
    """The `Scorer` of an index kept in Milvus: top_k from a Milvus search, re-scored exactly;
    IDF from the directory's document frequencies; which passage holds which term (coverage,
    the neighbour rule, the re-score) from the passage's recounted terms. No postings."""

    def __init__(self, stats: TermStats, recount: PassageCounts, client: Any, info: dict[str, Any]) -> None:
        self.stats = stats
        self.recount = recount
        self.client = client
        self.info = dict(info)
        self.collection: str = info["collection"]
        self.mode: str = info["mode"]

    # --- the index's statistics, from the directory --------------------------------

    @property
    def terms(self) -> list[str]:
        return self.stats.terms

    @property
    def vocab(self) -> dict[str, int]:
        return self.stats.vocab

    @property
    def params(self) -> BM25Params:
        return self.stats.params

    @property
    def n_docs(self) -> int:
        return self.stats.n_docs

    def get_scores(self, tokens: Sequence[str]) -> np.ndarray:
        """Not on a Milvus index: dense scores for every passage need the postings it does not keep."""
        raise MilvusError("an index kept in Milvus has no postings to score every passage with; rank with top_k (or top_k_within)")

    def idf_of(self, term: str) -> float:
        return self.stats.idf_of(term)

    def coverage(self, terms: Sequence[str], docs: Sequence[int]) -> np.ndarray:
        """As BM25Index.coverage (the same terms, the same order of additions), from recounts."""
        return coverage_of(self._holding(terms, docs), self.stats.idf, len(docs))

    def holding(self, terms: Sequence[str], docs: Sequence[int]) -> np.ndarray:
        """As BM25Index.holding, from recounts."""
        return holding_of(self._holding(terms, docs), len(terms), len(docs))

    def _holding(self, terms: Sequence[str], docs: Sequence[int]) -> Iterator[tuple[int, int, np.ndarray]]:
        if not len(docs):
            return
        known = [(n, t, self.stats.vocab[t]) for n, t in enumerate(terms) if t in self.stats.vocab]
        if not known:
            return
        counts = self.recount.counts([int(d) for d in docs], {t for _, t, _ in known})
        for n, term, i in known:
            yield n, i, np.fromiter((term in c for c in counts), dtype=bool, count=len(counts))

    # --- ranking, in Milvus ------------------------------------------------------------

    def top_k(self, tokens: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best passages holding a query term, best first, ties by id (as BM25Index.top_k).

        Milvus returns more than k (ties at the k-th score are cut arbitrarily, and float32
        can swap near-ties); in okapi mode the candidates within `_near` of the k-th are re-scored
        exactly from their recounted terms, and the search is widened while the cut may still
        fall inside a tie."""
        return self._top(tokens, k, None)

    def top_k_within(self, tokens: Sequence[str], k: int, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """top_k among the allowed passages (a date filter, dates.DatedIndex), with the whole
        index's statistics: a Milvus filter on the allowed passage numbers (`_expression`)."""
        if not bool(np.asarray(allowed).any()):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return self._top(tokens, k, _expression(allowed))

    def _top(self, tokens: Sequence[str], k: int, expr: str | None) -> tuple[np.ndarray, np.ndarray]:
        stats = self.stats
        tids, weights = stats.plan(tokens)
        if k <= 0 or not tids:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        if self.mode == "okapi" and min(weights) <= 0:
            # Milvus refuses negative query weights; BM25Okapi has them only when a term is in
            # over half the passages and the mean IDF is negative (a tiny corpus)
            return self._every_holder(tids, weights, k, expr)
        if self.mode == "okapi":
            query: Any = {t: w for t, w in zip(tids, weights)}
        else:  # the query's terms, each as often as it was asked
            query = " ".join(t for t in tokens if t in stats.vocab)
        most = min(stats.n_docs, MAX_LIMIT)
        limit = min(most, k + max(k, 16))
        near = _near(len(tids))
        while True:
            ids, approx = self._search(query, limit, expr)
            order = np.lexsort((ids, -approx))
            ids, approx = ids[order], approx[order]
            cut_in_tie = len(ids) >= limit and len(ids) > k and approx[-1] >= approx[k - 1] * (1 - near)
            if not cut_in_tie or limit >= most:
                break
            limit = min(most, limit * 4)
        if self.mode != "okapi":
            return ids[:k], approx[:k]
        if len(ids) > k:  # only what may be in the top k exactly is re-scored
            keep = approx >= approx[k - 1] * (1 - near)
            ids = ids[keep]
        scores = self._exact(ids, tids, weights)
        order = np.lexsort((ids, -scores))[:k]
        return ids[order], scores[order]

    def _every_holder(self, tids: list[int], weights: list[float], k: int, expr: str | None) -> tuple[np.ndarray, np.ndarray]:
        """top_k by scoring every passage that holds a query term: Milvus finds them (each term
        weighted 1, so every holder scores above 0), their recounts score them."""
        total = int(sum(int(self.stats.df[t]) for t in tids))
        if total > MAX_LIMIT:
            raise MilvusError(f"a query term with a negative weight and {total} passages to score: more than Milvus returns ({MAX_LIMIT})")
        ids, _ = self._search({t: 1.0 for t in tids}, max(1, min(self.stats.n_docs, total)), expr)
        scores = self._exact(ids, tids, weights)
        order = np.lexsort((ids, -scores))[:k]
        return ids[order], scores[order]

    def _search(self, query: dict[int, float] | str, limit: int, expr: str | None) -> tuple[np.ndarray, np.ndarray]:
        """Milvus's hits for a sparse query vector (okapi) or the query's terms (native):
        passage numbers and Milvus's scores (float32 in okapi mode)."""
        params = {"metric_type": "IP" if self.mode == "okapi" else "BM25"}
        try:
            res = self.client.search(self.collection, data=[query], anns_field="v", limit=limit, search_params=params, filter=expr or "")
        except Exception as e:
            raise MilvusError(f"Milvus search in {self.collection} failed: {e}") from e
        ids = np.fromiter((int(h["id"]) for h in res[0]), dtype=np.int64)
        return ids, np.fromiter((float(h["distance"]) for h in res[0]), dtype=np.float64, count=len(ids))

    def _exact(self, ids: np.ndarray, tids: list[int], weights: list[float]) -> np.ndarray:
        """BM25Okapi scores of these passages in float64: each term's weight times its impact,
        added from 0.0 in the plan's order (BM25Index's), so each is bitwise the built-in score."""
        stats = self.stats
        out = np.zeros(len(ids))
        if not len(ids):
            return out
        counts = self.recount.counts(ids.tolist(), {stats.terms[t] for t in tids})
        for tid, w in zip(tids, weights):
            term = stats.terms[tid]
            tf = np.fromiter((c.get(term, 0) for c in counts), dtype=np.int64, count=len(counts))
            held = tf > 0
            if held.any():
                out[held] += w * stats.impacts(tf[held], ids[held])
        return out

    # --- publishing -------------------------------------------------------------------

    def rebuilt(self, index: BM25Index, recount: PassageCounts) -> MilvusScorer:
        """The same Milvus, alias and mode holding another version of the index (a new collection)."""
        info = self.info
        settings = MilvusSettings(uri=info["uri"], database=info.get("database"), collection=info["alias"], mode=self.mode)
        return publish(index, settings, recount)

    def succession(self, old: dict[str, Any] | None) -> tuple[dict[str, Any], list[str]]:
        """What the index directory records when it is saved over one that had backend `old`
        (meta.json), and which collection that retires: this collection follows old's, which is
        kept for replicas that have not reloaded yet; the one before old's is dropped. Only
        collections of this directory's own line are ever dropped (another index may share
        the Milvus, even the alias), and only on the same Milvus."""
        same = isinstance(old, dict) and old.get("name") == "milvus" and old.get("uri") == self.info["uri"] and old.get("database") == self.info.get("database")
        if not same or old is None:
            return {**self.info, "previous": None}, []
        if old.get("collection") == self.collection:  # saved again: nothing retires
            return {**self.info, "previous": old.get("previous")}, []
        retired = old.get("previous")
        return {**self.info, "previous": old.get("collection")}, [retired] if isinstance(retired, str) and retired != self.collection else []

    def commit(self, retired: Sequence[str]) -> None:
        """After the index directory naming this collection is in place: point the alias at it
        (a server; Milvus Lite 2.5 has no aliases) and drop the retired collections."""
        alias = self.info["alias"]
        if not is_lite(self.info["uri"]):
            try:
                if alias not in self.client.list_aliases(collection_name=self.collection).get("aliases", []):
                    try:
                        self.client.alter_alias(self.collection, alias)
                    except Exception:  # the alias does not exist yet
                        self.client.create_alias(self.collection, alias)
            except Exception as e:
                raise MilvusError(f"switching Milvus alias {alias} to {self.collection} failed: {e}") from e
        for name in retired:
            try:
                if self.client.has_collection(name):
                    self.client.drop_collection(name)
            except Exception as e:
                raise MilvusError(f"dropping the retired Milvus collection {name} failed: {e}") from e
