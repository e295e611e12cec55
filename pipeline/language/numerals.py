"""Numbers as Chinese news writes them → exact `Decimal` values.

Arabic digits (1,100.9 and full-width forms, once the text is read through
`clean.extraction_view`), Chinese numerals (一百二十三, 二〇二五, 两千六, 三万五, 十五点八),
financial numerals (壹佰壹拾万零贰佰陆拾壹), 廿/卅, and mixtures with scale words (1.2万,
3千万, 4.5亿, 1.2万亿, 100万三千). Detection of where a number stands in a sentence is the
quantities extractor's job; this module only resolves a numeral string to its value.
"""

from __future__ import annotations

import re
from decimal import Decimal

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


def _parse_unsigned(s: str, original: str) -> Decimal:  # noqa: C901
    total = Decimal(0)  # finished at the 亿 level and above
    wan = Decimal(0)  # finished at the 万 level
    section = Decimal(0)  # below 万
    num: Decimal | None = None  # the pending digits
    digits_run = 0  # length of a run of bare digits (一七二零 is read digit by digit)
    last_unit = 0  # the unit just written, for 三万五 → 35000 and 两千六 → 2600
    after_zero = False
    decimals: str | None = None
    pieces = _PIECES.findall(s)
    if len(pieces) == 2 and pieces[0] == "半" and pieces[1] in SMALL_UNITS:
        return Decimal(SMALL_UNITS[pieces[1]]) / 2
    for i, piece in enumerate(pieces):
        if piece in SOME and i > 0:
            after_zero = True  # 一千五百零几万: no digit was meant after the unit
            continue
        if decimals is not None:  # after 点: digits, then at most a scale word (十五点八万)
            if piece in DIGITS:
                decimals += str(DIGITS[piece])
                continue
            if piece in ASCII_DIGITS:
                decimals += piece
                continue
            if not decimals or not (piece in SMALL_UNITS or piece in BIG_UNITS):
                raise ValueError(f"not a number: {original!r}")
            num = section + (num or 0) + Decimal("0." + decimals)
            section, decimals, digits_run = Decimal(0), None, 0
        if piece[0] in ASCII_DIGITS:
            if num is not None:
                raise ValueError(f"not a number: {original!r}")
            num = Decimal(piece.replace(",", ""))
            digits_run, last_unit = 0, 0
        elif piece in DIGITS:
            digit = DIGITS[piece]
            if digit == 0 and not digits_run and (i > 0 or len(pieces) > 1 and pieces[1] in SMALL_UNITS):
                after_zero = True  # 一百零五, 零十: 零 only holds a place
                continue
            if num is not None and digits_run:
                num = num * 10 + digit
            else:
                num = Decimal(digit)
            digits_run += 1
        elif piece in TENS:
            section += TENS[piece]
            num, digits_run, last_unit = None, 0, 10
        elif piece in SMALL_UNITS:
            unit = SMALL_UNITS[piece]
            section += (num if num is not None else Decimal(1)) * unit
            num, digits_run, last_unit, after_zero = None, 0, unit, False
        elif piece in BIG_UNITS:
            unit = BIG_UNITS[piece]
            written = num is not None or section != 0  # 万 alone means 一万; 0万 means 0
            part = section + (num or 0)
            if unit == 10**4:
                if not written and wan:  # 四万万: 万 of 万
                    wan *= unit
                else:
                    wan = (wan + (part if written else 1)) * unit
            else:
                total = (total + wan + (part if written or wan else 1)) * unit
                wan = Decimal(0)
            section, num, digits_run, last_unit, after_zero = Decimal(0), None, 0, unit, False
        elif piece in POINT:
            if num is None and section == 0 and not (total or wan):
                raise ValueError(f"not a number: {original!r}")
            if num is not None and last_unit >= 10 and digits_run == 1 and not after_zero:
                num = num * last_unit / 10  # 两千三点一: 2300.1
            decimals = ""
        else:
            raise ValueError(f"not a number: {original!r}")
    if decimals is not None:
        if not decimals:
            raise ValueError(f"not a number: {original!r}")
        num = (section + (num or 0)) + Decimal("0." + decimals)
        section = Decimal(0)
    elif num is not None and last_unit >= 10 and digits_run == 1 and not after_zero:
        num = num * last_unit / 10  # 三万五: the trailing digit counts in the next unit down
    if num is None and section == 0 and total == 0 and wan == 0 and not pieces:
        raise ValueError(f"not a number: {original!r}")
    return total + wan + section + (num or 0)
