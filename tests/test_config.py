"""Settings read from TOML into typed dataclasses (retrieval/config.py)."""

from __future__ import annotations

from pathlib import Path

from retrieval.config import _KNOWN, IndexSettings, SearchSettings, load_config

EXAMPLE = Path(__file__).resolve().parents[1] / "config.example.toml"


def test_example_config_holds_every_key_at_its_default() -> None:
    config = load_config(EXAMPLE)
    assert config.index == IndexSettings() and config.search == SearchSettings()
    text = EXAMPLE.read_text(encoding="utf-8")
    for section, keys in _KNOWN.items():
        block = text.split(f"[{section}]", 1)[1].split("\n[", 1)[0]
        assert all(f"{key} = " in block for key in keys), section


def test_search_levers_read(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        "[search]\noov_fallback = false\nnumber_boost = 0.5\nnumber_check = false\n[bm25]\noutline = false\n",
        encoding="utf-8",
    )
    config = load_config(cfg)
    assert config.search == SearchSettings(oov_fallback=False, number_boost=0.5, number_check=False)
    assert config.index.outline is False
