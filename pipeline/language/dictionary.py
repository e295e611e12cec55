"""jieba's dictionary, read once into the two tables the extractors look words up in.

jieba keeps its dictionary twice over, each with its own 350,000 entries: the frequencies of its
words and of every prefix of them (for its own segmentation) and, in `jieba.posseg`, their
parts of speech. The words are cut by jieba-rs (`stages.segment`), so neither is needed: this
module reads the same dictionary file into a word → flag and a word → frequency table, about
half the memory, and gives jieba's own cut for runs of Latin letters, digits and signs (the only
words jieba-rs cuts otherwise) from the few dictionary words without a Chinese character.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache

import jieba

FIRST_HAN, LAST_HAN = "\u4e00", "\u9fd5"  # jieba's Chinese characters
HAN = re.compile(f"[{FIRST_HAN}-{LAST_HAN}]")
ONE_PIECE = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?|\s+|.", re.DOTALL)  # what jieba leaves whole of a Latin run


@dataclass(frozen=True)
class Dictionary:
    flags: dict[str, str]  # word → part-of-speech flag (n, v, ns, nt …)
    frequencies: dict[str, int]  # word → how often jieba's corpus has it
    total: int  # the sum of the frequencies, which jieba's word costs are relative to


@lru_cache(maxsize=1)
def load() -> Dictionary:
    """jieba's default dictionary (its dict.txt: word, frequency and flag a line), as jieba reads
    it: a word listed twice keeps its last frequency and flag, and both count in the total."""
    flags: dict[str, str] = {}
    frequencies: dict[str, int] = {}
    total = 0
    with jieba.Tokenizer().get_dict_file() as lines:
        for line in lines:
            word, frequency, flag = line.decode("utf-8").strip().split(" ")
            flags[word] = sys.intern(flag)
            frequencies[word] = int(frequency)
            total += int(frequency)
    return Dictionary(flags, frequencies, total)


def jieba_splits(word: str) -> bool:
    """Whether jieba would cut a word that jieba-rs gives whole: a run of Latin letters, digits
    and signs with more than one piece (1-5, 1.8L). Most words begin with a Chinese character,
    so that comparison comes first and the patterns after."""
    return not (len(word) == 1 or FIRST_HAN <= word[0] <= LAST_HAN or ONE_PIECE.fullmatch(word) or HAN.search(word))


def cut_latin(run: str) -> list[str]:
    """jieba's words of a stretch without Chinese characters (1-5 → 1, -, 5; C++11 → C++, 11)."""
    return list(_latin_tokenizer().cut(run, cut_all=False))


@lru_cache(maxsize=1)
def _latin_tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer holding only the dictionary words without a Chinese character (AT&T, C++)
    and their prefixes, at the whole dictionary's total: on such a stretch it finds what the full
    one finds, since every other entry begins with or holds a Chinese character."""
    dictionary = load()
    tokenizer = jieba.Tokenizer()
    frequencies: dict[str, int] = {}
    for word, frequency in dictionary.frequencies.items():
        if not HAN.search(word):
            frequencies[word] = frequency
    for word in list(frequencies):
        for end in range(1, len(word)):
            frequencies.setdefault(word[:end], 0)  # as jieba marks a prefix: go on reading
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = frequencies, dictionary.total, True
    return tokenizer
