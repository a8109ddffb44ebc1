"""How the handbook's search reads text: the build-time half of the analysis the search worker repeats.

The worker (overrides/assets/javascripts/handbook-search.js) splits and folds words exactly as this module does, so
a word typed in the search box and the same word on a page meet. Stems are worked out here, at build time, with
Snowball (`snowballstemmer`) or a language's suffix list from docs/search.yml, and shipped with the index as a
vocabulary (folded word -> stem); the worker looks words up there instead of running a stemmer of its own.

- fold: compatibility forms unified (NFKC: half-width "ｹｱ" and full-width "ＡＤＬ" are "ケア" and "adl"), lower case,
  zero-width characters removed, diacritics removed ("zákazník" -> "zakaznik", "ł" -> "l"); Arabic without its
  short-vowel marks and tatweel, and with one alef, yeh and teh marbuta ("مُمرِّضة" -> "ممرضه"); Japanese as
  `japanese` reads it.
- words: runs of letters, marks and digits; a run in a script written without spaces (Chinese, Japanese, Thai, Lao,
  Khmer, Myanmar) is split further with ICU's word rules (PyICU here, `Intl.Segmenter` in the worker: both ICU).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

# Characters the worker drops before anything else (zero-width space, joiners, word joiner, BOM).
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# Letters that Unicode does not decompose into a base letter and a diacritic.
FOLD = {"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i"}
# Scripts written without spaces between words; the worker's NO_SPACE pattern lists the same ranges.
NO_SPACE = [(0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3005, 0x3007), (0x3040, 0x30FF),
            (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F),
            (0x20000, 0x2FFFF)]


# The same ranges as one character class: a word is tested in one pass, not once per range.
NO_SPACE_CHARS = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in NO_SPACE) + "]")
FLEETING_E = re.compile(r"([^aeiouy])e([kc])$")
# Arabic: the short vowels and other marks (tashkeel) and tatweel go; alef with hamza or madda, alef maqsura and teh
# marbuta are written as readers type them (ا, ي, ه). The worker's ARABIC is the same.
ARABIC = {**dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640]), **{ord(c): "ا" for c in "أإآٱ"},
          ord("ى"): "ي", ord("ة"): "ه"}
HAN = re.compile(r"[\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
HIRAGANA = re.compile(r"[\u3041-\u3096\u309d\u309e]")
KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
# Hiragana words of one or two letters (particles: の, を, に, は; さん): left out of a Japanese query with other words.
PARTICLE = re.compile(r"[\u3041-\u3096]{1,2}")


# Pure and called for every word and every suffix of every word: remembered, so each text is folded once.
@functools.lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """A word as the search compares it: its compatibility form, lower case, without zero-width characters and
    diacritics; Arabic and Japanese as described above."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", word).lower().translate(ZERO_WIDTH))
    text = "".join(c for c in text if not 0x300 <= ord(c) <= 0x36F)
    return japanese(unicodedata.normalize("NFC", "".join(FOLD.get(c, c) for c in text)).translate(ARABIC))


def japanese(word: str) -> str:
    """A Japanese word as the search compares it, whichever way it is spelled.

    - Okurigana: a word with kanji loses its hiragana, so that "引き継ぎ" and "引継ぎ", "洗い" and "洗う" meet ("引継",
      "洗"); ICU splits a verb from its ending inconsistently, the kanji stay the same.
    - Katakana is read as hiragana ("オムツ" and "おむつ").
    - A last long vowel mark goes from a word of three letters or more ("ケアー", "ケア"; "コンピューター").
    """
    if HAN.search(word) and HIRAGANA.search(word):
        word = HIRAGANA.sub("", word)
    word = word.translate(KATAKANA_TO_HIRAGANA)
    return word[:-1] if len(word) >= 3 and word.endswith("ー") else word


def known_parts(word: str, known: set[str] | dict[str, str]) -> list[str]:
    """A folded word in a script without spaces that no page has, as the longest known words it is made of, left to
    right ("手洗" -> ["手", "洗"]); [] when a letter is in no known word. The worker's `knownParts` is the same.

    ICU splits a word typed alone differently from the same letters inside a sentence; the pages' own words meet it.
    """
    parts, start = [], 0
    while start < len(word):
        end = next((end for end in range(len(word), start, -1) if word[start:end] in known), None)
        if end is None:
            return []
        parts.append(word[start:end])
        start = end
    return parts


def query_words(query: str, lang: str) -> list[str]:
    """The folded words of a query, as the worker takes them: in its compatibility form (NFKC), without Japanese
    particles when other words remain."""
    raw = list(words(unicodedata.normalize("NFKC", query), lang))
    kept = [w for w in raw if not PARTICLE.fullmatch(w)] or raw
    return list(dict.fromkeys(fold(w) for w in kept if fold(w)))


def words(text: str, lang: str) -> Iterator[str]:
    """The words of a text as written (not folded), in order."""
    run: list[str] = []
    for char in text + " ":
        if char in "\u200c\u200d" or unicodedata.category(char)[0] in "LMN":
            run.append(char)
        elif run:
            yield from _split("".join(run), lang)
            run = []


def has_no_space_script(word: str) -> bool:
    """True if a word has letters of a script written without spaces."""
    return NO_SPACE_CHARS.search(word) is not None


def stemmer(spec: dict[str, Any] | None) -> Callable[[str], str]:
    """A function from a word as written to its folded stem, as docs/search.yml sets it for a language."""
    spec = spec or {}
    if spec.get("snowball"):
        return _snowball(str(spec["snowball"]), bool(spec.get("fleeting_e", False)))
    if spec.get("suffixes"):
        return functools.partial(strip_suffixes, spec)
    return fold


# One stemmer per algorithm and setting, kept from one build to the next (a `mkdocs serve` rebuild stems again only
# the words it has not seen): a stem is a pure function of the word, the algorithm and the setting.
@functools.lru_cache(maxsize=32)
def _snowball(algorithm: str, fleeting: bool) -> Callable[[str], str]:
    import snowballstemmer

    snowball = snowballstemmer.stemmer(algorithm)

    @functools.lru_cache(maxsize=1 << 16)
    def stem(word: str) -> str:
        root = fold(snowball.stemWord(word.lower().translate(ZERO_WIDTH)))
        # Polish Snowball keeps "szacunek" but cuts "szacunku" to "szacunk": the e that comes and goes is dropped.
        return FLEETING_E.sub(r"\1\2", root) if fleeting and len(root) > 4 else root

    return stem


def strip_suffixes(spec: dict[str, Any], word: str) -> str:
    """A language's suffix stemmer (the worker's stripSuffixes is the same): endings cut from the folded word.

    Up to `rounds` times, the longest suffix that leaves at least `min_stem` characters is cut (so a plural and a
    case ending both go: Telugu "కస్టమర్లకు" -> "కస్టమర్ల" -> "కస్టమర్"); then one of `final` (a stem's last
    sign, such as a virama) is dropped.
    """
    word = fold(word)
    suffixes = _longest_first(tuple(spec.get("suffixes", [])))
    least = spec.get("min_stem", 3)
    for _ in range(spec.get("rounds", 1)):
        cut = next((s for s in suffixes if len(word) - len(s) >= least and word.endswith(s)), None)
        if cut is None:
            break
        word = word[: -len(cut)]
    final = next((f for f in (fold(f) for f in spec.get("final", [])) if len(word) > least and word.endswith(f)), "")
    return word[: len(word) - len(final)]


@functools.lru_cache(maxsize=16)
def _longest_first(suffixes: tuple[str, ...]) -> list[str]:
    # Worked out once per list of suffixes, not once per word.
    return sorted((fold(s) for s in suffixes), key=len, reverse=True)


def compound_parts(word: str, known: dict[str, str]) -> tuple[str, str] | None:
    """A folded word as two known words (`known`: word -> stem), longest first part first, or None.

    Both parts are words of their own with stems of four letters or more, and the second has five letters or more,
    so that an ending ("adat" + "okat") is never taken for a word. The worker's `compound` is the same rule.
    """
    for cut in range(len(word) - 5, 3, -1):
        left, right = word[:cut], word[cut:]
        if len(known.get(left, "")) >= 4 and len(known.get(right, "")) >= 4:
            return left, right
    return None


def _split(run: str, lang: str) -> Iterator[str]:
    if not has_no_space_script(run):
        yield run
        return
    # ICU's word rules, as Intl.Segmenter applies them in the browser; only word-like pieces are words.
    breaker = _breaker(lang)
    breaker.setText(run)
    start = breaker.first()
    for end in breaker:
        if breaker.getRuleStatus() >= 100:  # UBRK_WORD_LETTER and above: not spaces or punctuation
            yield run[start:end]
        start = end


@functools.lru_cache(maxsize=8)
def _breaker(lang: str) -> Any:
    try:
        import icu
    except ImportError as error:
        import registry

        raise RuntimeError("Text in a script written without spaces needs PyICU to be split into words: install "
                           f"the handbook's requirements ({registry.install_command()}).") from error
    return icu.BreakIterator.createWordInstance(icu.Locale(lang))
