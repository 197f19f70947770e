"""Sentence passages: boundaries, quotes, ellipses, long and tiny sentences, and no text lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.chunking import ChunkSettings, chunk_spans, sentence_spans
from retrieval.service import NewsQA


def texts(text: str, **kw: int) -> list[str]:
    return [text[a:b] for a, b in chunk_spans(text, ChunkSettings(**kw))]


def test_terminal_punctuation_and_closing_quotes() -> None:
    s = "他说:“我们一定要打赢这场战斗!”大家都表示非常赞同。这件事是真的吗?是的,当然是真的。Done here. Next one is here!"
    assert texts(s) == [
        "他说:“我们一定要打赢这场战斗!”",
        "大家都表示非常赞同。",
        "这件事是真的吗?",
        "是的,当然是真的。",
        "Done here.",
        "Next one is here!",
    ]


def test_ellipsis_ends_a_sentence() -> None:
    assert texts("展开了一场坚韧而又顽强的阻击战……点滴真情汇聚成大爱。") == ["展开了一场坚韧而又顽强的阻击战……", "点滴真情汇聚成大爱。"]


def test_tiny_fragment_merges_with_neighbour() -> None:
    assert texts("“揪心!”这是2020年春节的一个词。医生告急!病床告急!") == ["“揪心!”这是2020年春节的一个词。医生告急!病床告急!"]
    assert texts("随着疫情不断加重,医生告急!病床告急!口罩脱销,消毒液紧缺……") == [
        "随着疫情不断加重,医生告急!病床告急!",
        "口罩脱销,消毒液紧缺……",
    ]


def test_long_sentence_split_at_semicolons_then_commas() -> None:
    clause = "各级干部坚守一线加强巡查确保措施到位"
    s = ";".join([clause * 2] * 4) + "。"
    parts = texts(s, max_chars=100)
    assert len(parts) > 1 and all(len(p) <= 100 for p in parts)
    assert all(p.endswith((";", "。")) for p in parts)
    commas = ",".join([clause] * 12) + "。"
    parts = texts(commas, max_chars=100)
    assert len(parts) >= 3 and all(len(p) <= 100 for p in parts)
    assert min(len(p) for p in parts) > 40  # near-equal pieces, no tiny tail


def test_paragraph_break_always_ends_a_passage() -> None:
    assert texts("第一段没有句号\n第二段。") == ["第一段没有句号", "第二段。"]


def test_bundled_page_passages(qa: NewsQA) -> None:
    corpus = qa.corpus
    all_texts = [corpus.passage_text(i) for i in range(corpus.n_passages)]
    assert "口罩脱销,消毒液紧缺……" in all_texts
    assert "“揪心!”这是2020年春节,一个让共产党员深感责任重大、让人民群众深感温暖关怀的词。" in all_texts
    assert max(len(t) for t in all_texts) <= ChunkSettings().max_chars
    # each passage knows its article, and this one is not the article's first
    pid = all_texts.index("口罩脱销,消毒液紧缺……")
    article = int(corpus.passage_article[pid])
    assert corpus.articles[article].title == "直面没有硝烟的战场"
    assert pid in corpus.article_passage_ids(article) and pid > corpus.article_passage_ids(article).start


ALPHABET = st.sampled_from(list("我们的疫情防控工作要做好。!?…,;、“”\"' \nab.1"))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=400), st.integers(20, 150), st.integers(0, 19))
def test_chunking_never_loses_or_reorders_text(text: str, max_chars: int, min_chars: int) -> None:
    spans = chunk_spans(text, ChunkSettings(max_chars=max_chars, min_chars=min_chars))
    pos = 0
    for a, b in spans:
        assert pos <= a < b <= len(text)
        assert text[pos:a].strip() == ""  # only whitespace between passages
        assert text[a:b] == text[a:b].strip()
        pos = b
    assert text[pos:].strip() == ""


def test_an_ellipsis_inside_a_quotation_does_not_end_the_sentence() -> None:
    text = "他说:“我们……一定能赢。”随后离开。口罩脱销,消毒液紧缺……医生告急。"
    assert [text[a:b] for a, b in sentence_spans(text)] == ["他说:“我们……一定能赢。”", "随后离开。", "口罩脱销,消毒液紧缺……", "医生告急。"]
