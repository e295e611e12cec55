"""Numbers as Chinese news writes them → exact `Decimal` values.

Arabic digits (1,100.9 and full-width forms, once the text is read through
`clean.extraction_view`), Chinese numerals (一百二十三, 二〇二五, 两千六, 三万五, 十五点八),
financial numerals (壹佰壹拾万零贰佰陆拾壹), 廿/卅, and mixtures with scale words (1.2万,
3千万, 4.5亿, 1.2万亿, 100万三千). Detection of where a number stands in a sentence is the
quantities extractor's job; this module only resolves a numeral string to its value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, NoReturn, Optional, cast

DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "幺": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "倆": 2,
    "俩": 2,
    "贰": 2,
    "貳": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
TENS = {"廿": 20, "卅": 30, "卌": 40}  # written for 二十, 三十, 四十
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
POINT = {"点", "點"}
# 一千多万, 500余万, 二十几万: "and some" — the amount is read at its round value (the
# extractor marks it approximate)
SOME = {"多", "余", "餘", "几", "幾"}
ASCII_DIGITS = "0123456789"
NEGATIVE = {"负", "負", "-"}

CN_DIGIT_CHARS = "".join(DIGITS)
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + "".join(SMALL_UNITS) + "".join(TENS) + "".join(BIG_UNITS)
# An Arabic number: 1,100.9 or 47.264287 (a comma groups exactly three digits).
ARABIC = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_PIECES = re.compile(rf"{ARABIC}|.", re.S)
SIMPLE = re.compile(rf"({ARABIC})([万亿萬億]?)")


def parse_number(text: str) -> Decimal:
    """The value of a numeral string; raises ValueError for anything that is not one number.

    Spaces inside are ignored (7万 5千 4百); 多/余/几 before a scale word count as nothing
    (一千多万 → 10000000); 半 before a unit is half of it (半百 → 50).
    """
    simple = SIMPLE.fullmatch(text)
    if simple:  # the common case, 218.82亿 or 337: no need to walk the characters
        value = Decimal(simple[1].replace(",", ""))
        return value * BIG_UNITS[simple[2]] if simple[2] else value
    s = "".join(text.split())
    if s.startswith("."):
        s = "0" + s
    negative = bool(s) and s[0] in NEGATIVE
    if negative:
        s = s[1:]
    if not s:
        raise ValueError(f"not a number: {text!r}")
    value = _parse_unsigned(s, text)
    return -value if negative else value


def _parse_unsigned(s: str, original: str) -> Decimal:
    """The value of an unsigned numeral: its pieces (a run of Arabic digits, or one character)
    read from the left by the rule for each kind of piece (`PIECE_RULES`)."""
    pieces = _PIECES.findall(s)
    if len(pieces) == 2 and pieces[0] == "半" and pieces[1] in SMALL_UNITS:
        return Decimal(SMALL_UNITS[pieces[1]]) / 2  # 半百
    reading = _Reading(original, pieces)
    for at, piece in enumerate(pieces):
        reading.read(piece, at)
    return reading.value()


@dataclass
class _Reading:
    """What has been read of a numeral so far, piece by piece from the left: the levels finished
    (亿 and above, 万, below 万), the digits pending and what was written just before them."""

    original: str  # the numeral as written, for the error message
    pieces: list[str]
    total: Decimal = Decimal(0)  # finished at the 亿 level and above
    wan: Decimal = Decimal(0)  # finished at the 万 level
    section: Decimal = Decimal(0)  # below 万
    num: Optional[Decimal] = None  # the pending digits
    digits_run: int = 0  # length of a run of bare digits (一七二零 is read digit by digit)
    last_unit: int = 0  # the unit just written, for 三万五 → 35000 and 两千六 → 2600
    after_zero: bool = False  # a 零 (or 多) since that unit: the digit after it counts as itself
    decimals: Optional[str] = None  # the digits after 点, once it is written

    def fail(self) -> NoReturn:
        raise ValueError(f"not a number: {self.original!r}")

    def read(self, piece: str, at: int) -> None:
        """One piece, by the first rule of `PIECE_RULES` that reads its kind."""
        if piece in SOME and at > 0:
            self.after_zero = True  # 一千五百零几万: no digit was meant after the unit
            return
        if self.decimals is not None and _read_decimal_digit(self, piece):
            return
        rule = _PIECE_RULE.get(piece) or (_arabic_digits if piece[0] in ASCII_DIGITS else None)
        if rule is None:
            self.fail()
        rule(self, piece, at)

    def pending_digit_counts_one_unit_down(self) -> bool:
        """三万五, 两千六: a lone digit after a unit counts in the next unit down (not after 零)."""
        return self.num is not None and self.last_unit >= 10 and self.digits_run == 1 and not self.after_zero

    def value(self) -> Decimal:
        """The value once every piece is read."""
        if self.decimals is not None:
            if not self.decimals:
                self.fail()  # 十五点
            self.num = (self.section + (self.num or 0)) + Decimal("0." + self.decimals)
            self.section = Decimal(0)
        elif self.pending_digit_counts_one_unit_down():
            self.num = cast(Decimal, self.num) * self.last_unit / 10  # 三万五: 35000
        if self.num is None and self.section == 0 and self.total == 0 and self.wan == 0 and not self.pieces:
            self.fail()
        return self.total + self.wan + self.section + (self.num or 0)


def _read_decimal_digit(r: _Reading, piece: str) -> bool:
    """After 点: a digit of the decimals (十五点八 → 15.8, 3点14), or the scale word that closes
    them (十五点八万 → 158000; then read by its own rule). True when the piece was a digit."""
    if piece in DIGITS:
        r.decimals = cast(str, r.decimals) + str(DIGITS[piece])
        return True
    if piece in ASCII_DIGITS:
        r.decimals = cast(str, r.decimals) + piece
        return True
    if not r.decimals or not (piece in SMALL_UNITS or piece in BIG_UNITS):
        r.fail()
    r.num = r.section + (r.num or 0) + Decimal("0." + r.decimals)
    r.section, r.decimals, r.digits_run = Decimal(0), None, 0
    return False


def _arabic_digits(r: _Reading, piece: str, at: int) -> None:
    """[0-9,.]+ among Chinese scale words: 3万5千 → 35000, 2亿3千万 → 230000000 (a second run
    of digits with no unit between is no number)."""
    if r.num is not None:
        r.fail()
    r.num = Decimal(piece.replace(",", ""))
    r.digits_run, r.last_unit = 0, 0


def _chinese_digit(r: _Reading, piece: str, at: int) -> None:
    """零 to 九 (and 两, 壹 …): a digit, pending until its unit; several in a row are read one by
    one (一七二零 → 1720); 零 between units only holds a place (一百零五 → 105, 伍拾万零叁佰 →
    500300)."""
    digit = DIGITS[piece]
    if digit == 0 and not r.digits_run and (at > 0 or len(r.pieces) > 1 and r.pieces[1] in SMALL_UNITS):
        r.after_zero = True  # 一百零五, 零十: 零 only holds a place
        return
    r.num = r.num * 10 + digit if r.num is not None and r.digits_run else Decimal(digit)
    r.digits_run += 1


def _tens_word(r: _Reading, piece: str, at: int) -> None:
    """廿, 卅, 卌: twenty, thirty, forty written as one character (廿八个 → 28, 卅余家 → 30)."""
    r.section += TENS[piece]
    r.num, r.digits_run, r.last_unit = None, 0, 10


def _small_unit(r: _Reading, piece: str, at: int) -> None:
    """十, 百, 千 (拾, 佰, 仟): the pending digit times the unit, one if none is written
    (三千五百 → 3500, 十二 → 12)."""
    unit = SMALL_UNITS[piece]
    r.section += (r.num if r.num is not None else Decimal(1)) * unit
    r.num, r.digits_run, r.last_unit, r.after_zero = None, 0, unit, False


def _big_unit(r: _Reading, piece: str, at: int) -> None:
    """万, 亿: what is written below them closes into their level (六亿七千万 → 670000000,
    一万二千 → 12000); 万 alone means 一万, 万 of 万 is 亿 (四万万)."""
    unit = BIG_UNITS[piece]
    written = r.num is not None or r.section != 0  # 万 alone means 一万; 0万 means 0
    part = r.section + (r.num or 0)
    if unit == 10**4:
        if not written and r.wan:  # 四万万: 万 of 万
            r.wan *= unit
        else:
            r.wan = (r.wan + (part if written else 1)) * unit
    else:
        r.total = (r.total + r.wan + (part if written or r.wan else 1)) * unit
        r.wan = Decimal(0)
    r.section, r.num, r.digits_run, r.last_unit, r.after_zero = Decimal(0), None, 0, unit, False


def _decimal_point(r: _Reading, piece: str, at: int) -> None:
    """点: the decimals begin (十五点八 → 15.8, 十点五 → 10.5); a lone digit after a unit counts in
    the unit below first (两千三点一 → 2300.1)."""
    if r.num is None and r.section == 0 and not (r.total or r.wan):
        r.fail()
    if r.pending_digit_counts_one_unit_down():
        r.num = cast(Decimal, r.num) * r.last_unit / 10  # 两千三点一: 2300.1
    r.decimals = ""


PieceRule = Callable[[_Reading, str, int], None]
# the rule for each kind of piece, in the order they are told apart (a run of Arabic digits is
# read by `_arabic_digits`)
PIECE_RULES: tuple[tuple[Iterable[str], PieceRule], ...] = (
    (DIGITS, _chinese_digit),
    (TENS, _tens_word),
    (SMALL_UNITS, _small_unit),
    (BIG_UNITS, _big_unit),
    (POINT, _decimal_point),
)
_PIECE_RULE: dict[str, PieceRule] = {piece: rule for pieces, rule in reversed(PIECE_RULES) for piece in pieces}
