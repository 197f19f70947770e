"""Milvus as the engine that ranks passages: Milvus Lite (a local `.db` file) or a Milvus server.

The index directory stays the source of truth: passages, texts, analyzer, vocabulary and the
postings (read for IDF, the coverage check and the neighbour rule, and to rebuild a
collection without re-tokenizing). Milvus holds one row per passage (primary key = the
passage's number in that directory) and answers `top_k`, so the scan over long postings
lists runs in Milvus, on as many shards and replicas as it has. Two modes:

- `okapi` (default): each row is the passage's BM25Okapi impacts as a sparse vector
  (term id -> tf(k1+1)/(tf + k1(1-b+b·dl/avgdl))), the query is IDF x term count, the metric
  `IP`: Milvus's scores are newsqa's (in float32); the candidates are re-scored exactly
  from the local postings, so scores and tie order equal the built-in engine's.
- `native`: each row holds the passage's terms joined by spaces, Milvus's BM25 function
  (`whitespace` tokenizer, `bm25_k1`/`bm25_b` from the index settings) makes the vectors;
  Milvus's IDF is Lucene's, log(1 + (N-n+0.5)/(n+0.5)), so rankings are close, not equal.

Every build, `--add` or `--remove` writes a new collection (impacts and passage numbers
change with the corpus); the directory's meta.json names the collection it belongs to,
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
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError
from .index import BM25Index, BM25Params

INSTALL = 'pip install "newsqa[milvus]"'
MODES = ("okapi", "native")
BATCH_ROWS = 5_000  # rows per insert call: well under gRPC's 64 MB message limit for sentence passages
MAX_LIMIT = 16_384  # Milvus's largest top-k
TOKEN_ENV, DB_ENV = "MILVUS_TOKEN", "MILVUS_DB"
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


def publish(index: BM25Index, settings: MilvusSettings) -> MilvusScorer:
    """Write the index's passages into a new collection (complete, flushed and loaded before it
    is returned); nothing points at it until the index directory is saved (`commit`)."""
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
    return MilvusScorer(index, client, info)


def attach(index: BM25Index, backend: dict[str, Any], settings: MilvusSettings | None = None) -> MilvusScorer:
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
    return MilvusScorer(index, client, {**backend, "uri": uri})


def _runs(allowed: np.ndarray) -> list[tuple[int, int]]:
    """The allowed passages as inclusive (first, last) ranges of passage numbers."""
    a = np.asarray(allowed, dtype=np.int8)
    edges = np.diff(np.concatenate([[0], a, [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return list(zip(starts.tolist(), ends.tolist()))


class MilvusScorer:
    """The `Scorer` of an index kept in Milvus: top_k from a Milvus search, everything else
    (IDF, coverage, which passage holds which term, dense scores for a date filter) from
    the local postings, which are the same statistics Milvus was given."""

    def __init__(self, local: BM25Index, client: Any, info: dict[str, Any]) -> None:
        self.local = local
        self.client = client
        self.info = dict(info)
        self.collection: str = info["collection"]
        self.mode: str = info["mode"]

    # --- the index's statistics, from the directory --------------------------------

    @property
    def terms(self) -> list[str]:
        return self.local.terms

    @property
    def vocab(self) -> dict[str, int]:
        return self.local.vocab

    @property
    def params(self) -> BM25Params:
        return self.local.params

    @property
    def n_docs(self) -> int:
        return self.local.n_docs

    @property
    def indptr(self) -> np.ndarray:  # for dates.DatedIndex, which scores a filtered question locally
        return self.local.indptr

    @property
    def docs(self) -> np.ndarray:
        return self.local.docs

    def get_scores(self, tokens: Sequence[str]) -> np.ndarray:
        return self.local.get_scores(tokens)

    def idf_of(self, term: str) -> float:
        return self.local.idf_of(term)

    def coverage(self, terms: Sequence[str], docs: Sequence[int]) -> np.ndarray:
        return self.local.coverage(terms, docs)

    def holding(self, terms: Sequence[str], docs: Sequence[int]) -> np.ndarray:
        return self.local.holding(terms, docs)

    # --- ranking, in Milvus ------------------------------------------------------------

    def top_k(self, tokens: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best passages holding a query term, best first, ties by id (as BM25Index.top_k).

        Milvus returns more than k (ties at the k-th score are cut arbitrarily, and float32
        can swap near-ties); in okapi mode the candidates are re-scored exactly from the local
        postings, and the search is widened while the cut may still fall inside a tie."""
        return self._top(tokens, k, None)

    def top_k_within(self, tokens: Sequence[str], k: int, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """top_k among the allowed passages (a date filter, dates.DatedIndex), with the whole
        index's statistics: a Milvus filter on passage-number ranges. A filter of more than
        MAX_FILTER_RUNS ranges is scored from the local postings instead."""
        runs = _runs(allowed)
        if not runs:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        if len(runs) > MAX_FILTER_RUNS:
            from .dates import DatedIndex

            return DatedIndex(self.local, allowed).top_k(tokens, k)
        expr = " or ".join(f"pid == {lo}" if lo == hi else f"(pid >= {lo} and pid <= {hi})" for lo, hi in runs)
        return self._top(tokens, k, expr, allowed)

    def _top(self, tokens: Sequence[str], k: int, expr: str | None, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        local = self.local
        qterms = Counter(local.vocab[t] for t in tokens if t in local.vocab)
        if k <= 0 or not qterms:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        weights = {tid: n * float(local.idf[tid]) for tid, n in qterms.items()}
        if self.mode == "okapi" and min(weights.values()) <= 0:
            # Milvus refuses negative query weights; BM25Okapi has them only when a term is in
            # over half the passages and the mean IDF is negative (a tiny corpus)
            if allowed is not None:
                from .dates import DatedIndex

                return DatedIndex(local, allowed).top_k(tokens, k)
            return local.top_k(tokens, k)
        most = min(local.n_docs, MAX_LIMIT)
        limit = min(most, k + max(k, 16))
        while True:
            ids, scores = self._search(qterms, weights, limit, expr)
            order = np.lexsort((ids, -scores))
            ids, scores = ids[order], scores[order]
            cut_in_tie = len(ids) >= limit and len(ids) > k and scores[-1] >= scores[k - 1] * (1 - 1e-5)
            if not cut_in_tie or limit >= most:
                return ids[:k], scores[:k]
            limit = min(most, limit * 4)

    def _search(self, qterms: Counter[int], weights: dict[int, float], limit: int, expr: str | None) -> tuple[np.ndarray, np.ndarray]:
        if self.mode == "okapi":
            data: Any = [{tid: w for tid, w in weights.items()}]
            params = {"metric_type": "IP"}
        else:
            data = [" ".join(" ".join([self.local.terms[tid]] * n) for tid, n in qterms.items())]
            params = {"metric_type": "BM25"}
        try:
            res = self.client.search(self.collection, data=data, anns_field="v", limit=limit, search_params=params, filter=expr or "")
        except Exception as e:
            raise MilvusError(f"Milvus search in {self.collection} failed: {e}") from e
        ids = np.fromiter((int(h["id"]) for h in res[0]), dtype=np.int64)
        if self.mode == "okapi":
            return ids, self._exact(ids, weights)
        return ids, np.fromiter((float(h["distance"]) for h in res[0]), dtype=np.float64, count=len(ids))

    def _exact(self, ids: np.ndarray, weights: dict[int, float]) -> np.ndarray:
        """BM25Okapi scores of these passages in float64, from the local postings (one binary search per term)."""
        local = self.local
        out = np.zeros(len(ids))
        if not len(ids):
            return out
        for tid, w in weights.items():
            lo, hi = int(local.indptr[tid]), int(local.indptr[tid + 1])
            postings = local.docs[lo:hi]
            j = np.minimum(np.searchsorted(postings, ids), len(postings) - 1)
            held = postings[j] == ids
            out[held] += w * local.impacts[lo:hi][j[held]]
        return out

    # --- publishing -------------------------------------------------------------------

    def rebuilt(self, index: BM25Index) -> MilvusScorer:
        """The same Milvus, alias and mode holding another version of the index (a new collection)."""
        info = self.info
        settings = MilvusSettings(uri=info["uri"], database=info.get("database"), collection=info["alias"], mode=self.mode)
        return publish(index, settings)

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
