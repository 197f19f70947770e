"""Shared fixtures: the bundled page, read and indexed once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.ingest import read_articles
from retrieval.model import Article
from retrieval.service import NewsQA, bundled_corpus, sample_settings
from retrieval.tokenizer import Analyzer

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def page_articles() -> list[Article]:
    return read_articles([bundled_corpus()])


@pytest.fixture(scope="session")
def qa(page_articles: list[Article]) -> NewsQA:
    """The bundled page as `newsqa ask` indexes it: with the sample's own user dictionary."""
    return NewsQA.build(page_articles, sample_settings())


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="session")
def questions() -> list[dict]:
    with (DATA / "questions.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
