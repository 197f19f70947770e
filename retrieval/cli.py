"""`newsqa`: the command line. It parses arguments and calls the library, nothing more.

Exit codes: 0 ok; 2 bad input: arguments, config, corpus files, index directory, a file
that cannot be read or written (one line on stderr naming it); 130 interrupted. Anything
else is a bug in newsqa: Python prints its traceback and the exit code is 1, so a bug is
never passed off as the user's mistake.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from .config import BACKENDS, Config, load_config, with_overrides
from .dates import bounds
from .dialogue import Dialogue
from .errors import InputError
from .ingest import IngestReport, read_articles
from .milvus import MODES as MILVUS_MODES
from .milvus import require as require_milvus
from .service import Answer, Hit, NewsQA, QuestionTooLong
from .store import recover, writer_lock

MARK_ON, MARK_OFF = "\x1b[1;33m", "\x1b[0m"
# C0/C1 controls (ESC, BEL, backspace, CSI...) in corpus text must not reach a terminal raw; \n and \t may
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class UsageError(InputError):
    """Arguments that do not go together, or a file given to a command that cannot use it."""


def printable(text: str) -> str:
    """Control characters shown as U+FFFD, one for one, so mark offsets into the text stay valid."""
    return _CONTROL.sub("\ufffd", text)


class _Version(argparse.Action):
    """--version, reading the version only when asked (importlib.metadata is slow to import)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: str | None = None) -> None:
        from . import __version__

        print(f"newsqa {__version__}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsqa", description="Answer Chinese questions from a news corpus (BM25 over jieba tokens).")
    p.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser, *, top_k: bool = True, index: bool = True, dated: bool = False) -> None:
        sp.add_argument("--config", metavar="FILE", help="TOML config (see config.example.toml)")
        if dated:
            sp.add_argument("--since", metavar="DATE", help="only articles dated on or after DATE (YYYY-MM-DD or YYYY-MM)")
            sp.add_argument("--until", metavar="DATE", help="only articles dated on or before DATE (YYYY-MM-DD or YYYY-MM)")
        if index:
            sp.add_argument("--index", metavar="DIR", help="index directory built by `newsqa index` (default: the bundled page, in memory)")
        if top_k:
            sp.add_argument("--top-k", type=int, metavar="N", help="passages to return (default 5)")

    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    common(ask, dated=True)

    search = sub.add_parser("search", help="answer questions read one per line from stdin, as JSON lines")
    search.add_argument("--json", action="store_true", required=True, help="JSON lines output (required)")
    common(search, dated=True)

    index = sub.add_parser(
        "index",
        help="build, extend or shrink a saved index",
        description="newsqa index PATH... --out DIR  |  newsqa index --add PATH... --index DIR  |  newsqa index --remove ID... --index DIR",
    )
    index.add_argument("paths", nargs="*", metavar="PATH", help=".txt/.md page dumps, .jsonl files, or directories")
    index.add_argument("--out", metavar="DIR", help="index directory to write (replaced atomically)")
    index.add_argument("--add", nargs="+", metavar="PATH", help="add these files' articles to the index at --index")
    index.add_argument("--remove", nargs="+", metavar="ID", help="remove these article ids from the index at --index")
    index.add_argument("--index", metavar="DIR", help="the index to change with --add/--remove (rewritten atomically)")
    index.add_argument("--workers", type=int, metavar="N", help="tokenizer processes (default: all cores)")
    index.add_argument("--backend", choices=BACKENDS, help="the engine that ranks passages (default: [index] backend, else builtin)")
    index.add_argument("--uri", metavar="URI", help="with --backend milvus: a local FILE.db (Milvus Lite) or http://host:19530 (default: [milvus] uri)")
    index.add_argument("--milvus-mode", choices=MILVUS_MODES, help="with --backend milvus: okapi (newsqa's scores) or native (Milvus's BM25)")
    common(index, top_k=False, index=False)

    arts = sub.add_parser("articles", help="list the articles")
    arts.add_argument("--json", action="store_true", help="one JSON object per line")
    common(arts, top_k=False)

    chat = sub.add_parser("chat", help="interactive question loop")
    common(chat, dated=True)

    ev = sub.add_parser("eval", help="measure answer-in-top-k on questions with gold answers")
    ev.add_argument("questions", metavar="QUESTIONS.jsonl", help='lines of {"q": str, "answers": [str]} (empty answers: unanswerable)')
    ev.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ev.add_argument("--verbose", action="store_true", help="list the misses")
    ev.add_argument("--kind", action="append", help="only questions of this kind (repeatable)")
    ev.add_argument("--half", choices=("tune", "heldout"), help='only questions of this half (their "half" field: tune while choosing, heldout to confirm)')
    common(ev)
    return p


def _config(args: argparse.Namespace) -> Config:
    cfg = load_config(args.config)
    top_k = getattr(args, "top_k", None)
    if top_k is not None and not 1 <= top_k <= 100:
        raise UsageError("--top-k must be between 1 and 100")
    if getattr(args, "since", None) or getattr(args, "until", None):
        bounds(args.since, args.until)  # a bad date is refused before the index is opened
    return with_overrides(cfg, top_k=top_k, index_dir=getattr(args, "index", None))


def _ask(qa: NewsQA, question: str, args: argparse.Namespace) -> Answer:
    """One question, within the --since/--until dates when given."""
    return qa.ask(question, since=getattr(args, "since", None), until=getattr(args, "until", None))


def _service(cfg: Config) -> NewsQA:
    return NewsQA.from_config(cfg)


def marked(text: str, marks: Sequence[tuple[int, int]], on: str, off: str) -> str:
    out, pos = [], 0
    for a, b in marks:
        out += [text[pos:a], on, text[a:b], off]
        pos = b
    out.append(text[pos:])
    return "".join(out)


def format_hit(hit: Hit, color: bool) -> str:
    on, off = (MARK_ON, MARK_OFF) if color else ("【", "】")
    a = hit.article
    head = f"[{hit.rank}] {printable(a.title)}" + (f"  ({printable(a.byline)})" if a.byline else "")
    head += (f"  {a.date}" if a.date else "") + f"  score {hit.score:.2f}"
    # The answer span when there is one (the reader's eye goes there), else the question's words
    body = marked(printable(hit.text), [(hit.answer.start, hit.answer.end)] if hit.answer else hit.marks, on, off)
    lines = [head, "    " + body]
    if hit.before or hit.after:
        lines.append("    上下文: " + printable(hit.before + "〔" + hit.text + "〕" + hit.after))
    return "\n".join(lines)


def format_answer(answer: Answer, color: bool = False) -> str:
    if not answer.answered:
        return "语料中没有找到与这个问题相关的内容。"
    return "\n\n".join(format_hit(h, color) for h in answer.hits)


def cmd_ask(args: argparse.Namespace, out: IO[str]) -> int:
    qa = _service(_config(args)).warm()  # start-up stays out of took_ms
    answer = _ask(qa, args.question, args)
    if args.json:
        out.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
    else:
        out.write(format_answer(answer, color=out.isatty()) + "\n")
    return 0


def cmd_search(args: argparse.Namespace, inp: IO[str], out: IO[str]) -> int:
    qa = _service(_config(args)).warm()  # start-up stays out of took_ms
    for line in inp:
        question = line.rstrip("\n")
        if not question.strip():
            answer = Answer(question, False, 0.0)
        else:
            answer = _ask(qa, question, args)
        out.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
        out.flush()
    return 0


def _bar(err: IO[str], total: int, desc: str) -> Callable[[int], None] | None:
    """A progress bar with ETA on a terminal; nothing when output is piped."""
    if not err.isatty():
        return None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="article", desc=desc, file=err, leave=False)

    def update(n: int) -> None:
        bar.update(n)

    return update


def _waiting(err: IO[str]) -> Callable[[str], None]:
    """Says on stderr that another writer holds the index, while this one waits for it."""

    def say(msg: str) -> None:
        err.write(f"newsqa: {msg}\n")

    return say


def cmd_index(args: argparse.Namespace, err: IO[str]) -> int:
    cfg = load_config(args.config)
    t0 = time.perf_counter()
    report = IngestReport()
    if args.add or args.remove:
        if args.paths or args.out:
            raise UsageError("--add/--remove change the index given by --index; do not also give PATH or --out")
        if args.backend or args.uri or args.milvus_mode:
            raise UsageError("--add/--remove keep the index on the engine it was built on; do not give --backend, --uri or --milvus-mode")
        target = args.index or (str(cfg.index_dir) if cfg.index_dir else None)
        if not target:
            raise UsageError("--add/--remove need --index DIR (the index to change)")
        # read, change and write under the writer lock: two --add at once both land, one after the other
        with writer_lock(target, on_wait=_waiting(err)):
            # a build killed between its two renames left the index aside: put it back before reading it
            # (else the read waits store.SWAP_WAIT for the writer lock, which is this process's own)
            recover(Path(target))
            qa = NewsQA.open(target, cfg.search, cfg.milvus)
            before = qa.stats()
            if args.remove:
                qa = qa.removed(args.remove)
            if args.add:
                articles = read_articles(args.add, report)
                qa = qa.added(articles, _bar(err, len(articles), "adding"))
            out = qa.save(target)
        stats = qa.stats()
        err.write(
            f"{out}: {before.articles} -> {stats.articles} articles, {before.passages} -> {stats.passages} passages, "
            f"{stats.terms} terms in {time.perf_counter() - t0:.1f} s\n"
        )
        if args.add:
            err.write(report.summary() + "\n")
        return 0
    if not args.paths or not args.out:
        raise UsageError("usage: newsqa index PATH... --out DIR (or --add/--remove with --index DIR)")
    backend = args.backend or cfg.backend
    milvus = replace(cfg.milvus, uri=args.uri or cfg.milvus.uri, mode=args.milvus_mode or cfg.milvus.mode)
    if backend == "milvus":
        require_milvus()  # before any work: without the extra, say what to install
        if not milvus.uri:
            raise UsageError("--backend milvus needs --uri FILE.db (Milvus Lite) or --uri http://host:19530 (or [milvus] uri)")
    elif args.uri or args.milvus_mode:
        raise UsageError("--uri and --milvus-mode go with --backend milvus")
    articles = read_articles(args.paths, report)
    qa = NewsQA.build(articles, cfg.index, cfg.search, _bar(err, len(articles), "indexing"), workers=args.workers)
    with writer_lock(args.out, on_wait=_waiting(err)):
        if backend == "milvus":
            qa = qa.on_milvus(milvus)
        out = qa.save(args.out)
    stats = qa.stats()
    err.write(f"indexed {stats.articles} articles, {stats.passages} passages, {stats.terms} terms in {time.perf_counter() - t0:.1f} s -> {out}\n")
    err.write(report.summary() + "\n")
    return 0


def cmd_articles(args: argparse.Namespace, out: IO[str]) -> int:
    qa = _service(_config(args))
    for info, n in qa.articles():
        if args.json:
            row = {"id": info.id, "title": info.title, "byline": info.byline, "date": info.date, "passages": n}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            fields = (info.id, info.date or "", info.title, info.byline or "")
            out.write("\t".join(printable(f).replace("\t", " ") for f in fields) + f"\t{n}\n")
    return 0


def cmd_chat(args: argparse.Namespace, inp: IO[str], out: IO[str]) -> int:
    qa = _service(_config(args)).warm()  # start-up stays out of took_ms
    s = qa.stats()
    out.write(f"newsqa: {s.articles} 篇文章, {s.passages} 个句子。输入问题,空行或 Ctrl-D 退出。\n")
    if args.since or args.until:
        qa = qa.between(args.since, args.until)  # follow-ups stay within the dates too
    dialogue = Dialogue()
    while True:
        out.write("问> ")
        out.flush()
        line = inp.readline()
        if not line or not line.strip():
            out.write("\n")
            return 0
        if line.strip() == "/new":  # forget the topic: the next question stands alone
            dialogue.clear()
            out.write("好的，换个话题。\n\n")
            continue
        try:
            turn = dialogue.ask(qa, line.strip())  # 他是谁 / 那温县呢 / 还有呢 follow the last question
        except QuestionTooLong as e:
            out.write(f"{e}\n\n")
            continue
        if turn.orphan:
            out.write("没有可以接着问的上一个问题，请把问题问完整。\n\n")
            continue
        if turn.chatter:  # 谢谢 / 好的: nothing was asked
            out.write("好的。还想知道什么，直接问就行。\n\n")
            continue
        note = "没找到明确的回答，这是刚才那段报道：\n" if turn.again else ""
        out.write(note + format_answer(turn.answer, color=out.isatty()) + "\n\n")


def cmd_eval(args: argparse.Namespace, out: IO[str]) -> int:
    from .evaluate import evaluate, read_questions

    cfg = _config(args)
    try:
        questions = read_questions(args.questions)
    except ValueError as e:  # a malformed line: read_questions names the file and line
        raise UsageError(str(e)) from e
    if args.kind:
        questions = [q for q in questions if q.kind in args.kind]
    if args.half:
        if not any(q.half for q in questions):
            raise UsageError(f'--half {args.half}: no question in {args.questions} has a "half" field')
        questions = [q for q in questions if q.half == args.half]
    report = evaluate(NewsQA.from_config(cfg).warm(), questions, depth=max(20, cfg.search.top_k))
    rates = report.rates()
    if args.json:
        out.write(json.dumps(rates | ({"misses": report.misses} if args.verbose else {}), ensure_ascii=False) + "\n")
        return 0
    out.write(
        f"questions {rates['questions']} (answerable {rates['answerable']}, unanswerable {rates['unanswerable']})\n"
        f"answer-in-top-1 {rates['top1']:.3f}  top-5 {rates['top5']:.3f}  top-20 {rates['top20']:.3f}  MRR@10 {rates['mrr10']:.3f}\n"
        f"answerable answered {rates['answered']:.3f}  unanswerable abstained {rates['abstained']:.3f}\n"
        f"top-1 hits: mean chars {rates['mean_chars']:.1f}  answer span contains gold {rates['span_contains']:.3f}"
        f"  equals gold {rates['span_exact']:.3f}  (span contains gold at top-1, all answerable: {rates['span_top1']:.3f})\n"
    )
    if args.verbose:
        for m in report.misses:
            out.write(json.dumps(m, ensure_ascii=False) + "\n")
    return 0


def main(argv: Sequence[str] | None = None, *, stdin: IO[str] | None = None, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    inp, out, err = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        if args.command == "ask":
            return cmd_ask(args, out)
        if args.command == "search":
            return cmd_search(args, inp, out)
        if args.command == "index":
            return cmd_index(args, err)
        if args.command == "articles":
            return cmd_articles(args, out)
        if args.command == "chat":
            return cmd_chat(args, inp, out)
        if args.command == "eval":
            return cmd_eval(args, out)
    except BrokenPipeError:  # `newsqa articles | head -1`: the reader has what it wanted
        _quiet_stdout(out)
        return 0
    except (InputError, QuestionTooLong) as e:
        err.write(f"newsqa: error: {e}\n")
        return 2
    except OSError as e:  # a file or directory the user named that cannot be read or written
        err.write(f"newsqa: error: {_os_message(e)}\n")
        return 2
    except KeyboardInterrupt:
        err.write("\n")
        return 130
    raise AssertionError(args.command)


def _os_message(e: OSError) -> str:
    """`path: No such file or directory`, not `[Errno 2] No such file or directory: 'path'`."""
    if e.filename is None or not e.strerror:
        return str(e)
    return f"{e.filename}: {e.strerror}"


def _quiet_stdout(out: IO[str]) -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    if out is sys.stdout:
        try:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, sys.stdout.fileno())
            os.close(fd)
        except (OSError, ValueError):
            pass


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
