"""One analyzer for passages and questions: punctuation and question words out, names whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.service import sample_settings
from retrieval.tokenizer import Analyzer, AnalyzerSpec, AnalyzerVersionError


def test_punctuation_and_stopwords_dropped(analyzer: Analyzer) -> None:
    tokens = analyzer.tokens("温县的县委书记是谁?“十统一”是什么!")
    assert "?" not in tokens and "“" not in tokens and "!" not in tokens
    for stop in ("的", "是", "谁", "什么"):
        assert stop not in tokens
    assert "温县" in tokens and "县委书记" in tokens and "统一" in tokens


@pytest.mark.parametrize("name", ["宗家桢", "毛文明", "李培华", "杨磊", "毕宁宁", "盖森材料", "油蔴村"])
def test_the_samples_user_dictionary_keeps_names_whole(name: str) -> None:
    sample = Analyzer(AnalyzerSpec.from_files(user_dict=sample_settings().user_dict))
    assert name in sample.tokens(f"报道称{name}前往现场")


def test_no_user_dictionary_by_default(analyzer: Analyzer) -> None:
    """The sample page's names are its own setting: other corpora are not cut by them."""
    assert analyzer.spec.user_words == () and AnalyzerSpec.from_files().user_words == ()
    assert "盖森材料" not in analyzer.tokens("报道称盖森材料前往现场")


def test_question_and_passage_share_terms(analyzer: Analyzer) -> None:
    q = set(analyzer.tokens("马村区疫情防控指挥部第一副总指挥是谁?"))
    p = set(analyzer.tokens("区委副书记、区长杨磊任第一副总指挥"))
    assert {"第一", "总指挥"} <= q & p


def test_full_width_and_case_folded(analyzer: Analyzer) -> None:
    assert analyzer.tokens("ＡＢＣ，２０２０年") == analyzer.tokens("abc,2020年")


def test_precise_mode_differs_from_search_mode() -> None:
    precise = Analyzer(AnalyzerSpec(mode="precise")).tokens("马村区委书记宗家桢看望困难群众")
    search = Analyzer(AnalyzerSpec(mode="search")).tokens("马村区委书记宗家桢看望困难群众")
    assert "区委书记" in precise and "书记" not in precise
    assert {"书记", "区委书记"} <= set(search)


def test_spec_round_trips_and_custom_files(tmp_path: Path) -> None:
    (tmp_path / "stop.txt").write_text("# comment\n焦作 马村\n", encoding="utf-8")
    (tmp_path / "dict.txt").write_text("东苑社区 50 ns\n", encoding="utf-8")
    spec = AnalyzerSpec.from_files("precise", tmp_path / "stop.txt", tmp_path / "dict.txt")
    assert AnalyzerSpec.from_json(spec.to_json()) == spec
    tokens = Analyzer(spec).tokens("焦作马村东苑社区")
    assert tokens == ["东苑社区"]


def test_bad_mode_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="tokenizer mode"):
        AnalyzerSpec(mode="fast")
    with pytest.raises(ValueError, match="cannot read stopword list"):
        AnalyzerSpec.from_files("search", tmp_path / "none.txt")


def test_traditional_folded_to_simplified(analyzer: Analyzer) -> None:
    assert analyzer.tokens("溫縣縣委書記是誰?") == analyzer.tokens("温县县委书记是谁?")


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("有哪些縣領導跟著?", "有哪些县领导跟着?"), ("隨著疫情", "随着疫情"), ("著手準備", "着手准备"), ("著名的著作", "著名的著作"), ("效果顯著", "效果显著")],
)
def test_the_particle_zhe_folds_as_simplified_writes_it(analyzer: Analyzer, traditional: str, simplified: str) -> None:
    assert analyzer.fold(traditional) == simplified
    folded, starts, _ = analyzer.fold_mapped(traditional)
    assert folded == simplified and len(starts) == len(traditional)  # character for character


@pytest.mark.parametrize(
    ("question", "passage"),
    [("十五万人", "15万人"), ("三千多元", "3000余元"), ("第三次会议", "第3次会议"), ("十四天", "14天"), ("二十四小时", "24小时")],
)
def test_number_spellings_match(analyzer: Analyzer, question: str, passage: str) -> None:
    assert analyzer.tokens(question) == analyzer.tokens(passage)


def test_hmm_words_also_yield_their_characters() -> None:
    # jieba's HMM glues a name to the next character in the question (杨昊现) but not in the
    # passage (杨昊, 现效力于): the characters give the two a term in common
    chars = Analyzer(AnalyzerSpec(oov_chars=True))
    q = chars.tokens("杨昊现效力于哪里?")
    p = chars.tokens("杨昊,中国足球运动员,现效力于陕西长安竞技。")
    assert "杨昊现" in q and {"杨", "昊"} <= set(q) & set(p)
    assert "是" not in chars.tokens("刘七是怎么死的?")  # stopword characters stay out
    assert chars.tokens("区委书记") == ["区委", "书记", "区委书记"]  # dictionary words are not split
    plain = Analyzer().tokens("杨昊现效力于哪里?")  # the default
    assert "杨昊现" in plain and "杨" not in plain


def test_spec_of_another_analyzer_version_is_refused() -> None:
    data = AnalyzerSpec().to_json()
    assert AnalyzerSpec.from_json(data) == AnalyzerSpec()
    data["version"] = 2  # before oov_chars and 一时/一点: questions would be cut differently
    del data["oov_chars"]
    with pytest.raises(AnalyzerVersionError, match="analyzer version 2"):
        AnalyzerSpec.from_json(data)


def test_oov_chars_setting_reaches_the_index(tmp_path: Path) -> None:
    from retrieval.config import load_config
    from retrieval.model import Article
    from retrieval.service import NewsQA

    cfg = tmp_path / "c.toml"
    cfg.write_text("[tokenizer]\noov_chars = true\n", encoding="utf-8")
    settings = load_config(cfg).index
    assert settings.oov_chars is True and load_config(None).index.oov_chars is False
    qa = NewsQA.build([Article(id="a", title="杨昊", text="杨昊现效力于陕西长安竞技。")], settings)
    assert qa.analyzer.spec.oov_chars is True and qa.save(tmp_path / "idx")
    assert NewsQA.open(tmp_path / "idx").analyzer.spec.oov_chars is True
