# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Chinese keyword search: words cut by jieba, plus their pinyin.

A product's text is cut into words once, when it changes, and stored in
three weighted groups (name; brand and category; the rest, with the pinyin of
the name). PostgreSQL's full-text search then matches and ranks them with
the plain 'simple' configuration: no Chinese parser is needed in the database.
"""

import logging
import re
import threading

import jieba
from pypinyin import Style, lazy_pinyin

jieba.setLogLevel(logging.WARNING)  # it prints its dictionary loading otherwise

_lock = threading.Lock()
_initialized = False
# What makes a token: CJK ideographs, latin letters and digits.
_WORD = re.compile(r"[0-9a-z\u3400-\u9fff]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _ensure_dictionary():
    global _initialized
    if not _initialized:
        with _lock:
            if not _initialized:
                jieba.initialize()
                _initialized = True


def words(text):
    """The search words of ``text``: jieba's search-mode cut, normalised.

    Search mode also yields the shorter words inside long ones (连衣裙 gives
    连衣, 衣裙 and 连衣裙), so a shopper's shorter query still matches.
    """
    if not text:
        return []
    _ensure_dictionary()
    found = []
    for token in jieba.cut_for_search(text.lower()):
        found += _WORD.findall(token)
    return list(dict.fromkeys(found))


def pinyin_words(text):
    """Full pinyin and initials of each Chinese word, and of each pair of
    neighbouring words: 连衣裙 → lianyiqun, lyq; 西湖龙井 → xihulongjing."""
    if not text:
        return []
    _ensure_dictionary()
    chinese = [w for w in words(text) if _HAN.search(w)]
    precise = [w for w in jieba.lcut(text.lower()) if _HAN.search(w)]
    chinese += [a + b for a, b in zip(precise, precise[1:], strict=False)]
    result = []
    for word in chinese:
        result.append("".join(lazy_pinyin(word)))
        if len(word) > 1:
            result.append("".join(lazy_pinyin(word, style=Style.FIRST_LETTER)))
    return list(dict.fromkeys(result))


def document(name="", meta=(), text=()):
    """The three weighted word groups stored for a product."""
    return {
        "a": " ".join(words(name)),
        "b": " ".join(w for part in meta for w in words(part)),
        "c": " ".join(
            [*(w for part in text for w in words(part)), *pinyin_words(name)]
        ),
    }


def tsquery(query, match_all=False):
    """A PostgreSQL tsquery for what the shopper typed, or None.

    Every word may match as a prefix (the shopper is still typing). With
    ``match_all``, a product must match every word; otherwise any word will
    do, and the ranking puts products matching more of them first.
    """
    terms = words(query)
    if not terms:
        return None
    return (" & " if match_all else " | ").join(f"{term}:*" for term in terms)


def sound_tsquery(query):
    """A tsquery on the sound of what the shopper typed, or None.

    The commonest Chinese typo is a homophone picked from the input method's
    list (连衣群 for 连衣裙): its pinyin still finds the product.
    """
    terms = [w for w in pinyin_words(query) if len(w) > 2]
    if not terms:
        return None
    return " | ".join(f"{term}:*" for term in terms)
