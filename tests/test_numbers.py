"""Chinese numerals and digits are folded to one spelling, idioms untouched."""

from __future__ import annotations

import pytest

from retrieval.numbers import normalize_numbers, parse_chinese_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("二十四", 24), ("一百零五", 105), ("三万五千", 35000), ("十亿", 1_000_000_000), ("二〇二〇", 2020), ("十", 10), ("一二三四", 1234)],
)
def test_parse(text: str, value: int) -> None:
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("十五万", "15万"),
        ("十万元", "10万元"),
        ("三千多元", "3000多元"),
        ("3000余元", "3000多元"),
        ("第3次", "第三次"),
        ("第12届", "第十二届"),
        ("二月一日", "2月1日"),
        ("四点要求", "4点要求"),
        ("三十分钟", "30分钟"),
    ],
)
def test_numbers_folded(text: str, folded: str) -> None:
    assert normalize_numbers(text) == folded


@pytest.mark.parametrize("text", ["第三次", "第一副总指挥", "万众一心", "十统一", "一线", "一要强化", "五里远村", "千方百计", "三三两两", "一个", "七要抓好"])
def test_idioms_and_enumerations_kept(text: str) -> None:
    assert normalize_numbers(text) == text


@pytest.mark.parametrize("text", ["十五万人第3次", "3000余元", "二十四小时", "第12届一千元", "万众一心"])
def test_mapped_fold_agrees_and_maps_back(text: str) -> None:
    from retrieval.numbers import normalize_numbers_mapped

    folded, starts, ends = normalize_numbers_mapped(text)
    assert folded == normalize_numbers(text)
    assert len(starts) == len(ends) == len(folded)
    assert all(0 <= a < b <= len(text) for a, b in zip(starts, ends)) and starts == sorted(starts)
