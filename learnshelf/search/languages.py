"""How a card's language reaches the search index: the Pagefind language each record is indexed
under, which languages each index part holds, and Chinese and Japanese characters written apart;
and nothing more.

Pagefind keeps one index per language (stemmed by that language's stemmer, the query stemmed by
the same language's WebAssembly), so each card is indexed in its own language, and the search
page searches every language of every part at once (search-worker.js).

The Pagefind binary we pin is not the "extended" build, so it does not cut Chinese or Japanese
text into words: "機械学習入門" would be one word, and "入門" would find only titles that begin
with it. Each Han, Hiragana or Katakana character is therefore indexed as a word of its own,
and the search page splits a query the same way (the characters are the ``CJK`` class below,
which the page receives), so "入門" finds every card holding 入 and 門. Korean is written with
spaces between words and needs no such help.
"""

from __future__ import annotations

import re

#: Han, Hiragana, Katakana (with the prolonged sound mark and half-width forms) and CJK
#: compatibility ideographs, as a regular-expression class both Python and JavaScript read.
CJK = ("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
       "\U00020000-\U0002fa1f]")
_CJK = re.compile(CJK)


def cjk_apart(text: str) -> str:
    """``text`` with every Chinese or Japanese character set apart by spaces."""
    return _CJK.sub(lambda m: f" {m.group(0)} ", text) if _CJK.search(text) else text


def index_language(tag: str) -> str:
    """The Pagefind language a card in ``tag`` (BCP 47) is indexed under: the tag in lower case,
    as Pagefind's search script asks for it (``pt-br``), so the stemmer of its language applies."""
    return tag.lower()


def js_class() -> str:
    """``CJK`` as JavaScript source for a ``u``-flag regular expression (astral ranges as \\u{...})."""
    return "".join(f"\\u{{{ord(c):x}}}" if ord(c) > 0x7f else c for c in CJK)

