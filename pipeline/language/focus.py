"""The article's focus: the division it is about (JioNLP's recognize_location asks the same).

Each division the article names scores one point per mention, three more when the title names
it, two more when the outlet's name holds it (今日高邮 → 高邮市); a county or prefecture also
passes half its score up to the divisions above it. The best-scoring division wins; from there
the focus moves down to a division inside it that the article names about as prominently in
its own right (在成都市龙泉驿区 → 龙泉驿区). An article whose best division scores under two
has no focus.
"""

from __future__ import annotations

from typing import Optional, cast

from schemas import FocusPlace, Place, PlaceLevel

from . import gazetteer

TITLE_WEIGHT = 3.0
OUTLET_WEIGHT = 2.0
PASSED_UP = 0.5
MIN_SCORE = 2.0
SPECIFIC = {"township": 0, "county": 1, "prefecture": 2, "province": 3}


def focus_place(places: list[Place], title: Optional[str], outlet: Optional[str]) -> Optional[FocusPlace]:
    """The division the article is about, or None when none stands out. `outlet` is the
    source and byline text (今日高邮, 商丘网—商丘日报)."""
    gaz = gazetteer.load()
    scores: dict[str, float] = {}
    own: dict[str, float] = {}
    for place in places:
        if not place.code or place.level not in SPECIFIC:
            continue
        score = 1.0 + len(place.occurrences)
        if title and (place.text in title or place.name in title):
            score += TITLE_WEIGHT
        scores[place.code] = scores.get(place.code, 0.0) + score
        own[place.code] = own.get(place.code, 0.0) + score
        for parent in place.parents:
            scores[parent] = scores.get(parent, 0.0) + PASSED_UP * score
    if outlet:
        for candidates in (gaz.names.get(w, []) for w in _names_in(outlet, gaz)):
            for candidate in candidates:
                if candidate.code and candidate.level in SPECIFIC and len(candidates) == 1:
                    scores[candidate.code] = scores.get(candidate.code, 0.0) + OUTLET_WEIGHT
                    own[candidate.code] = own.get(candidate.code, 0.0) + OUTLET_WEIGHT
    if not scores:
        return None
    code = max(scores, key=lambda c: (scores[c], -SPECIFIC[gaz.places[c].level]))
    if scores[code] < MIN_SCORE:
        return None
    while True:  # down to a division inside it that the article names about as prominently
        inside = [c for c in own if gaz.places[c].parent == code and own[c] >= 0.5 * own.get(code, 0.0) > 0]
        if not inside:
            break
        code = max(inside, key=lambda c: own[c])
    division = gaz.places[code]
    # the gazetteer's level name, which validation makes a PlaceLevel
    return FocusPlace(name=division.name, code=code, level=cast(PlaceLevel, division.level))


def _names_in(text: str, gaz: gazetteer.Gazetteer) -> list[str]:
    """Gazetteer names inside a short string (an outlet such as 今日高邮)."""
    found = []
    for i in range(len(text)):
        for j in range(min(len(text), i + gaz.longest), i + 1, -1):
            if text[i:j] in gaz.names:
                found.append(text[i:j])
                break
    return found
