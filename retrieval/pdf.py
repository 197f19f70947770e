"""PDF e-paper pages (pdfplumber): text in reading order across columns, then the
page-dump layout rules (`layout.parse_page`) cut it into articles.

A newspaper page is laid out in columns under headlines that may span several of
them. Rows of words are grouped into blocks that share the same column gutters
(a spanning headline ends a block, since it covers the gutter); a block is read
column by column, top to bottom. Lines are joined into paragraphs unless the
next line is indented, set in another size, or the line before stopped short of
the column's right edge: how a printed paragraph ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING, Any

from .model import Article
from .text import has_sentence_end, normalize

if TYPE_CHECKING:
    from .ingest import IngestReport, Source


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class _Line:
    words: list[_Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def size(self) -> float:
        return median(w.size for w in self.words)

    def text(self) -> str:
        out = ""
        prev: _Word | None = None
        for w in sorted(self.words, key=lambda w: w.x0):
            gap = w.x0 - prev.x1 if prev else 0.0
            out += (" " if prev and gap > 0.25 * w.size else "") + w.text
            prev = w
        return out


def _rows(words: list[_Word]) -> list[list[_Word]]:
    """Words grouped into rows by their vertical position."""
    rows: list[list[_Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and abs(w.top - rows[-1][0].top) <= 0.5 * min(w.size, rows[-1][0].size):
            rows[-1].append(w)
        else:
            rows.append([w])
    return rows


def _gutters(words: list[_Word], min_gap: float) -> list[tuple[float, float]]:
    """Vertical strips free of text between the words' leftmost and rightmost edges."""
    spans = sorted((w.x0, w.x1) for w in words)
    gaps, reach = [], spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_gap:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    return gaps


def _blocks(rows: list[list[_Word]], min_gap: float) -> list[list[list[_Word]]]:
    """Consecutive rows sharing their column gutters; a row that covers a gutter starts a new block."""
    blocks: list[list[list[_Word]]] = []
    for row in rows:
        if blocks:
            block_words = [w for r in blocks[-1] for w in r]
            now, mine = len(_gutters(block_words, min_gap)), len(_gutters(row, min_gap))
            together = len(_gutters(block_words + row, min_gap))
            if together >= now and together >= mine:  # no gutter of the block or of the row got covered
                blocks[-1].append(row)
                continue
        blocks.append([row])
    return blocks


def _columns(block: list[list[_Word]], min_gap: float) -> list[list[_Line]]:
    words = [w for r in block for w in r]
    gutters = _gutters(words, min_gap) if len(block) > 1 else []
    columns: list[list[_Word]] = [[] for _ in range(len(gutters) + 1)]
    for w in words:
        mid = (w.x0 + w.x1) / 2
        columns[sum(1 for g in gutters if mid > g[1] - 0.01)].append(w)
    return [[_Line(r) for r in _rows(col)] for col in columns if col]


def _paragraphs(lines: list[_Line]) -> list[str]:
    """A column's lines joined into paragraphs the way print breaks them."""
    if not lines:
        return []
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    paragraphs: list[str] = []
    prev: _Line | None = None
    for line in lines:
        size = line.size
        starts = (
            prev is None
            or abs(size - prev.size) > 0.5
            or line.x0 - left > 0.8 * size  # indented first line
            or prev.x1 < right - 1.5 * prev.size  # the line above stopped short
        )
        if starts:
            paragraphs.append(line.text())
        else:
            paragraphs[-1] += line.text()
        prev = line
    return paragraphs


MARGIN = 0.06  # the top and bottom strips of a page where its header and footer sit


def _furniture(row: list[_Word], height: float) -> bool:
    """A page header or footer (paper name, date, page number, 第A01版): a row in the top or bottom
    strip of the page that is not a sentence. It is not part of any article."""
    if not height:
        return False
    top, bottom = min(w.top for w in row), max(w.bottom for w in row)
    text = "".join(w.text for w in row)
    return (bottom < MARGIN * height or top > (1 - MARGIN) * height) and not has_sentence_end(text)


def page_text(words: list[dict[str, Any]], height: float = 0.0) -> list[str]:
    """pdfplumber words of one page (of that height) to paragraphs in reading order."""
    ws = [_Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), float(w.get("size") or 10)) for w in words if w["text"].strip()]
    ws = [w for row in _rows(ws) if not _furniture(row, height) for w in row]
    if not ws:
        return []
    min_gap = max(8.0, 1.0 * median(w.size for w in ws))
    out: list[str] = []
    for block in _blocks(_rows(ws), min_gap):
        for column in _columns(block, min_gap):
            out.extend(_paragraphs(column))
    return out


def read_pdf(src: Source, report: IngestReport | None = None) -> list[Article]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    from .ingest import IngestError, page_articles

    paragraphs: list[str] = []
    try:
        with pdfplumber.open(src.path) as pdf:
            for page in pdf.pages:
                words = page.extract_words(extra_attrs=["size"], keep_blank_chars=True, x_tolerance=1.5, y_tolerance=2)
                paragraphs += page_text(words, float(page.height))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as e:
        raise IngestError(f"{src.path}: not a readable PDF ({type(e).__name__}: {e})") from e
    except Exception as e:  # pdfminer raises its own error types for encrypted or broken files
        if type(e).__module__.startswith(("pdfminer", "pdfplumber")):
            raise IngestError(f"{src.path}: not a readable PDF ({type(e).__name__}: {e})") from e
        raise
    if not paragraphs:
        raise IngestError(f"{src.path}: no text in this PDF (a scanned page? it needs OCR first)")
    articles = page_articles(normalize("\n".join(paragraphs)), src, src.date)
    if not articles:
        raise IngestError(f"{src.path}: no articles found")
    return articles
