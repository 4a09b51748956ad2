# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.mall_catalog.tools import search


def test_words_cut_chinese_and_keep_latin():
    words = search.words("法式碎花连衣裙 65W快充")
    assert {"法式", "碎花", "连衣裙", "连衣", "65w"} <= set(words)
    assert len(words) == len(set(words))
    assert search.words("") == [] and search.words("，。！") == []


def test_pinyin_words():
    assert {"lianyiqun", "lyq", "lianyi"} <= set(search.pinyin_words("连衣裙"))
    assert "chongdianqi" in search.pinyin_words("充电器")
    assert search.pinyin_words("USB") == []
    assert {"xihulongjing", "xhlj"} <= set(search.pinyin_words("西湖龙井"))


def test_document_groups():
    doc = search.document(
        "智利车厘子", ["山野农场", "食品生鲜 / 水果"], ["JJ级 新鲜直达"]
    )
    assert "车厘子" in doc["a"].split()
    assert "山野" in doc["b"] or "山野农场" in doc["b"]
    assert "chelizi" in doc["c"].split() and "jj" in doc["c"].split()


def test_tsquery_is_safe_and_prefix_matching():
    assert search.tsquery("连衣裙") == "连衣:* | 衣裙:* | 连衣裙:*"
    # Operators and quotes typed by a shopper never reach to_tsquery raw.
    assert search.tsquery("a & b | !c ' :*") == "a:* | b:* | c:*"
    assert search.tsquery("！？") is None
    assert search.tsquery("碎花 连衣", match_all=True) == "碎花:* & 连衣:*"


def test_sound_tsquery_for_homophone_typos():
    query = search.sound_tsquery("连衣群")
    assert "lianyiqun:*" in query.split(" | ")
    assert "lyq:*" in query.split(" | ")
    # Two-letter initials would match nearly anything.
    assert "ly:*" not in query.split(" | ")
    assert search.sound_tsquery("沉衫") == "chenshan:*"
    assert search.sound_tsquery("abc") is None
    assert search.sound_tsquery("！！") is None
