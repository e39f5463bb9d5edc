"""Recognition: find the spans of a text that name places (no resolution yet).

A gazetteer-driven recogniser.  Capitalised token runs (with the usual
lower-case connectors: "Rostov-on-Don", "Bosnia and Herzegovina") are
looked up longest-first in the gazetteer's name index; demonyms ("North
Korean", "Ukrainian") come from the gazetteer's demonym table.  Filters then
drop what is more likely a word or a person: common English words at the
start of a sentence, first names followed by another capitalised word,
names after a title ("President", "Mr"), small places with no location cue.

Everything here is linear in the length of the text: one regex pass for
tokens, a bounded number of lookups per token.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from dataclasses import dataclass

from .gazetteer import Gazetteer
from .lexicon import Lexicon
from .normalize import QUALIFIER_WORDS, name_key

__all__ = ["Span", "find_toponyms", "MAX_TOKENS"]

MAX_TOKENS = 5  # longest place name tried, in tokens
# words: initials ("U.S."), or letters with inner hyphens / apostrophes / ampersands ("Ivano-Frankivsk", "T&T")
_CONTRACTION_TAILS = frozenset(("ve", "m", "ll", "d", "re", "t"))
# hyphens split tokens ("Asia-Pacific", "anti-Russian"); multi-token lookup rejoins them ("Ivano-Frankivsk")
_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*")
_CONNECTORS = frozenset(
    "of on upon the de del della di da do dos das du la le les el al am an der den y e and sur".split()
)
# words before a capitalised name that make it a person ("President Jordan", "Mr Lincoln")
_TITLES = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady king queen prince princess pope saint st president
    vice premier chancellor minister secretary senator sen rep representative gov governor mayor judge
    justice general gen colonel col lieutenant lt captain capt major maj sergeant sgt commander admiral
    adm officer coach father rev reverend bishop archbishop cardinal imam rabbi sheikh emir sultan
    ambassador spokesman spokeswoman spokesperson chairman ceo director dj actor actress singer rapper
    player striker midfielder defender goalkeeper""".split()
)
# words after a name that show it is a place ("Kursk region", "Donetsk oblast")
_AREA_WORDS = frozenset(QUALIFIER_WORDS)
# a direction before an area names a part of it: "eastern Ukraine", "north-eastern Syria"
_DIRECTION_ADJECTIVES = frozenset(
    "northern southern eastern western central northeastern northwestern southeastern southwestern".split())
_COMPASS_PREFIXES = frozenset(("north", "south"))  # "north-eastern", "south-western"
# words before a name that show it is a place
_CUES = frozenset(
    """in near outside at from to into towards toward across around through via of village town city
    region province district oblast capital suburb suburbs border borders south north east west
    southern northern eastern western central captured recaptured liberated seized retook took entered
    stormed encircled surrounded shelled struck hit attacked bombed besieged defended evacuated
    occupied""".split()
)
# verbs after a name that make it an agent, i.e. a metonym ("Moscow said")
_AGENT_VERBS = frozenset(
    """said says say announced announces claimed claims denied denies warned warns accused accuses agreed
    agrees threatened threatens urged urges insisted insists responded responds demanded demands rejected
    rejects condemned condemns vowed vows wants wanted hopes hoped believes believed sees saw sent sends
    deployed deploys launched launches invaded invades attacked attacks struck strikes imposed imposes
    sanctioned sanctions signed signs pledged pledges promised promises confirmed confirms reported
    reports blamed blames called calls asked asks told tells refused refuses plans planned decided decides
    supports supported backed backs opposes opposed recognised recognized recognises recognizes
    expelled expels summoned summons retaliated retaliates needs needed preparing planning seeking trying
    pushing considering demanding insisting pressing threatening warning hoping expects expected intends
    intended lifted lifts approved approves allowed allows authorised authorized authorises authorizes
    banned bans granted grants ordered orders delivered delivers supplied supplies provided provides""".split()
)
# words after a name that make it part of a street or building name: "Royal Street", "Carnegie Library"
_FACILITY_WORDS = frozenset(
    """street st avenue ave road rd boulevard blvd lane drive way square plaza park bridge church cathedral
    chapel mosque temple library hotel inn hospital clinic university college school academy airport
    station stadium arena centre center museum gallery tower mall market court courthouse plantation
    canal pier harbor harbour port terminal building house palace hall theater theatre restaurant cafe
    farm farms winery vineyard studio studios factory plant mill base""".split()
)
_SENTENCE_END = frozenset(".!?\n")
_OPENERS = " \t\"'“‘«([—–-*•"


@dataclass(slots=True)
class Span:
    """A recognised toponym span, before resolution."""

    start: int
    end: int
    key: str  # normalised name looked up in the gazetteer
    area_kind: str | None = None  # "admin1"/"admin2" when a qualifier word follows ("Kursk region")
    demonym: str | None = None  # gazetteer id of the place a demonym points at
    non_literal: bool = False
    reason: str = ""  # why non-literal: demonym, possessive, agent
    weak: str = ""  # why it needs document support to be kept: common, name, small, alias, acronym
    facility: bool = False  # followed by a street or building word ("Royal Street", "Carnegie Library")
    sentence_start: bool = False


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        if text[i] == "\n":
            return True
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END or text[i] == ":"


def _is_cap(tok: str) -> bool:
    return tok[0].isupper()


def find_toponyms(text: str, gazetteer: Gazetteer, lexicon: Lexicon) -> list[Span]:
    """Spans of ``text`` that look like place names or demonyms, in text order."""
    tokens = []
    shared: dict[str, str] = {}  # a repeated word keeps one string: a large text costs less per token
    for m in _TOKEN_RE.finditer(text):
        tok = m.group()
        tok = shared.get(tok) or (shared.setdefault(tok, tok) if len(shared) < 100_000 else tok)
        tokens.append((m.start(), m.end(), tok))
    n = len(tokens)
    caps = [t[2][0].isupper() for t in tokens]
    if not any(caps):
        return []
    people, likely_people = person_names(text, tokens, lexicon)
    has_key = gazetteer.has_key
    has_prefix = gazetteer.has_prefix
    demonym = gazetteer.demonym_target
    seen: dict[str, tuple[bool, str | None]] = {}  # key -> (is a place name, demonym target)
    seen_parts: dict[str, bool] = {}  # "eastern ukraine" -> whether the gazetteer has that part
    spans: list[Span] = []
    after = 0  # the first token a new span may start at
    for i in [k for k, cap in enumerate(caps) if cap]:  # a name starts with a capital
        if i < after:
            continue
        start, end, tok = tokens[i]
        if ("'" in tok or "’" in tok) and tok.replace("’", "'").rsplit("'", 1)[1] in _CONTRACTION_TAILS:
            continue  # a contraction ("I've", "We're")
        found = None
        # longest run first: tokens joined only by spaces or hyphens, inner connectors in lower case
        limit = i
        while limit + 1 < n and limit + 1 - i < MAX_TOKENS:
            if not (caps[limit + 1] or tokens[limit + 1][2] in _CONNECTORS) \
                    or text[tokens[limit][1] : tokens[limit + 1][0]] not in (" ", "-", "‐"):
                break
            # stop as soon as no multi-word name (or demonym) starts with the words so far
            prefix = name_key(text[start : tokens[limit][1]])
            if not has_prefix(prefix):
                break
            limit += 1
        for j in range(limit, i - 1, -1):
            if not caps[j]:
                continue
            key = name_key(text[start : tokens[j][1]])
            known = seen.get(key)
            if known is None:
                target = demonym(key)
                known = seen[key] = (target is None and has_key(key), target)
            if known[1] is not None:
                found = Span(start, tokens[j][1], key, demonym=known[1], non_literal=True, reason="demonym")
                break
            if known[0]:
                found = Span(start, tokens[j][1], key)
                break
        if found is None:
            found = _facility_run(text, tokens, caps, i, lexicon)
        if found is None:
            continue
        j = i
        while tokens[j][1] != found.end:
            j += 1
        span = found
        span.sentence_start = _sentence_initial(text, span.start)
        if span.demonym is None:
            # a following area word makes it the area: "the Kursk region", "Donetsk Oblast"
            if j + 1 < n and text[tokens[j][1] : tokens[j + 1][0]] == " ":
                word = tokens[j + 1][2].lower()
                if word in _AREA_WORDS:
                    span.end = tokens[j + 1][1]
                    span.area_kind = QUALIFIER_WORDS[word]
                    span.key = name_key(text[span.start : span.end])
                    j += 1
            if i > after and tokens[i - 1][2].lower() in _DIRECTION_ADJECTIVES \
                    and text[tokens[i - 1][1] : start] == " ":
                _take_direction(text, tokens, i, span, gazetteer, seen_parts)
        if j + 1 < n and tokens[j + 1][2].lower() in _FACILITY_WORDS and caps[j + 1] \
                and text[tokens[j][1] : tokens[j + 1][0]] == " ":
            span.facility = True
            facts = _name_facts(span.key, tokens[i][2], i == j, gazetteer, lexicon)
            if span.demonym is None and span.area_kind is None and not facts[6] and facts[1] < 100_000:
                # "Royal Street", "Carnegie Library": a small or word-like name is the street's, not a town's
                j += 1
                span = Span(span.start, tokens[j][1], name_key(text[span.start : tokens[j][1]]), facility=True,
                            sentence_start=span.sentence_start)
        if _keep(text, tokens, i, j, span, lexicon, gazetteer, people, likely_people):
            _mark_non_literal(text, tokens, j, span)
            spans.append(span)
        after = j + 1
    return spans


def _take_direction(text: str, tokens: list, i: int, span: Span, gazetteer: Gazetteer,
                    seen_parts: dict[str, bool]) -> None:
    """Widen ``span`` to the direction before it ("eastern Ukraine") when the gazetteer has that part."""
    first = i - 1
    if first > 0 and tokens[first - 1][2].lower() in _COMPASS_PREFIXES \
            and text[tokens[first - 1][1] : tokens[first][0]] in ("-", "‐"):
        first -= 1  # "north-eastern"
    key = name_key(text[tokens[first][0] : span.end])
    known = seen_parts.get(key)
    if known is None:
        known = seen_parts[key] = any(c.place.part_of for c in gazetteer.candidates(key, fuzzy=False, limit=1))
    if known:
        span.start, span.key = tokens[first][0], key


_CALENDAR = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday""".split()
)
# words that name provinces somewhere ("Western", "Centre") but in English text are mostly just words
_GENERIC_AREA_WORDS = frozenset(
    """north south east west northern southern eastern western central centre center middle upper lower
    inner outer federal capital coast coastal national island islands lakes lake mountain mountains river
    valley plains plateau highland highlands lowland lowlands border frontier interior metropolitan
    southeast southwest northeast northwest equatorial littoral""".split()
)
_STRONG_KINDS = frozenset(("country", "region", "admin1", "landmark", "water"))
SMALL_PLACE = 5_000  # a town this small needs a cue ("in", "near") or nearby places to count


def _facility_run(text: str, tokens: list, caps: list, i: int, lexicon: Lexicon) -> Span | None:
    """A street or building named by capitalised words and a facility word ("Royal Street", "Rogers
    Centre", "Holy Redeemer Church"): a place the gazetteer cannot know, located later in its city."""
    first = tokens[i][2]
    if lexicon.zipf(first.lower()) >= 5.5 or first.isupper() and len(first) <= 3:
        return None  # "The Street", "In Park": a function word, not a name
    k = i
    while k + 1 < len(tokens) and k + 1 - i < MAX_TOKENS and caps[k + 1] \
            and text[tokens[k][1] : tokens[k + 1][0]] == " ":
        k += 1
        if tokens[k][2].lower() in _FACILITY_WORDS:
            end = tokens[k][1]
            return Span(tokens[i][0], end, name_key(text[tokens[i][0] : end]), facility=True)
    return None


def person_names(text: str, tokens: list, lexicon: Lexicon) -> tuple[set[str], set[str]]:
    """Keys of likely surnames.

    Returns (certain, likely): a capitalised word after a common first name
    ("Mark Zuckerberg") is certainly a surname; the second word of a
    capitalised pair that also stands alone elsewhere ("Vladimir Putin ...
    Putin said") likely is.
    """
    people: set[str] = set()
    likely: set[str] = set()
    caps = [k for k, t in enumerate(tokens) if t[2][0].isupper()]
    paired: set[int] = set()
    pairs: list[tuple[str, str]] = []
    for k in caps:
        if k + 1 < len(tokens) and text[tokens[k][1] : tokens[k + 1][0]] == " " and tokens[k + 1][2][0].isupper():
            a, b = tokens[k][2], tokens[k + 1][2]
            paired.update((k, k + 1))
            if a.isupper() or b.isupper():
                continue
            if lexicon.is_first_name(a.lower()) and not lexicon.is_dictionary_word(a.lower()):
                people.add(name_key(b))
            pairs.append((a, b))
    if pairs:
        alone = {tokens[k][2] for k in caps if k not in paired}
        for a, b in pairs:
            if b in alone and not lexicon.is_dictionary_word(b.lower()) and not lexicon.is_dictionary_word(a.lower()):
                likely.add(name_key(b))
    return people, likely


@lru_cache(maxsize=32768)
def _name_facts(key: str, first: str, single: bool, gazetteer: Gazetteer, lexicon: Lexicon) -> tuple:
    """What the gazetteer and the lexicon say about a name, independent of its context (cached).

    Returns (rows, biggest population, zipf, common, namelike, broad, strong).
    """
    first_low = first.lower()
    rows = gazetteer.rows_for_key(key)
    biggest = max((r[10] for r in rows), default=0)
    zipf = lexicon.zipf(first_low) if single else 0.0
    # a word is "common" when its English frequency is high for how big the place is: "Police" (33k
    # people) and "Mobile" (190k) are words first, "Paris" (2.1M) and "Texas" are places first
    common = (single and not first.isupper() and zipf >= 4.0 and lexicon.is_dictionary_word(first_low)
              and math.log10(max(biggest, 1)) - zipf < 1.0)
    namelike = single and not first.isupper() and (lexicon.is_first_name(first_low)
                                                    or lexicon.is_surname(first_low))
    # a country or continent is strong evidence; an admin-1 area only when its name is not also a word
    # ("Western", "Centre", "Central" name provinces somewhere, but are words first)
    generic = single and first_low in _GENERIC_AREA_WORDS
    broad = any(r[3] == "country" or r[3] == "region" for r in rows)
    strong = broad or any(r[3] in _STRONG_KINDS and not (common or namelike or generic) for r in rows)
    if generic and not strong and not first.isupper():
        common = True
    return rows, biggest, zipf, common, namelike, broad, strong


def _keep(text: str, tokens: list, i: int, j: int, span: Span, lexicon: Lexicon, gazetteer: Gazetteer,
          people: set[str], likely_people: set[str]) -> bool:
    """Filters against words and people; may mark a span weak (kept only with document support)."""
    if span.area_kind is not None or span.demonym is not None:
        return True  # an area word or a demonym is evidence enough
    if span.facility and not gazetteer.has_key(span.key) and span.end > tokens[i][1]:
        return True  # a named street or building ("Royal Street"): the facility word is the evidence
    first = tokens[i][2]
    first_low = first.lower()
    prev = tokens[i - 1][2] if i > 0 else ""
    prev_low = prev.lower().rstrip(".")
    gap_prev = text[tokens[i - 1][1] : tokens[i][0]] if i > 0 else ""
    nxt = tokens[j + 1][2] if j + 1 < len(tokens) else ""
    gap_next = text[tokens[j][1] : tokens[j + 1][0]] if nxt else ""
    single = i == j
    rows, biggest, zipf, common, namelike, broad, strong = _name_facts(span.key, first, single, gazetteer, lexicon)
    cue = prev_low in _CUES and gap_prev in (" ", ", ")
    # people: "President Jordan", "Mr Lincoln", "Theresa May", "Mark Zuckerberg ... Zuckerberg"
    if prev_low in _TITLES and gap_prev in (" ", ". "):
        return False
    if i > 0 and _is_cap(prev) and gap_prev == " " and not _sentence_initial(text, tokens[i - 1][0]) \
            and lexicon.is_first_name(prev_low) and not strong:
        return False
    if single and first_low in _CALENDAR:
        return False
    if single and not strong and biggest < 100_000 and i > 0 and gap_prev == " " and _is_cap(prev) \
            and not prev.isupper() and not _sentence_initial(text, tokens[i - 1][0]) \
            and prev_low not in _TITLES and gazetteer.demonym_target(name_key(prev)) is None:
        return False  # the end of a longer name: "Boko Haram", "Baseball Toronto"
    if single and prev_low == "the" and not broad and zipf >= 4.0 and lexicon.is_dictionary_word(first_low):
        return False  # "the Centre", "the Valley": a word with an article, not a town
    if single and not broad and zipf >= 4.0 and lexicon.is_dictionary_word(first_low) and not first.isupper() \
            and ((nxt and gap_next == " " and _is_cap(nxt))
                 or (i > 0 and gap_prev == " " and _is_cap(prev) and not _sentence_initial(text, tokens[i - 1][0]))):
        return False  # a word inside a longer name: "Rogers Centre", "Federal Reserve", "Central Bank"
    if single and not strong and (span.key in people or span.key in likely_people and biggest < 1_000_000):
        return False
    if single and not first.isupper() and zipf >= 5.5 and not strong:
        return False  # function words and very common words ("It", "In", "So")
    if single and lexicon.is_first_name(first_low) and nxt and _is_cap(nxt) and gap_next == " " and not strong:
        return False  # "Jordan Henderson", "Paris Hilton"
    if single and len(first) <= 2 and not first.isupper():
        # "La", "Ms", "Al": abbreviations and titles, not places; but "Severn, Md." names a state
        return gap_prev == ", " and text[span.end : span.end + 1] == "." and any(r[3] == "admin1" for r in rows)
    if single and first.isupper() and len(first) <= 3:
        span.weak = "acronym"  # short capitals are acronyms far more often than places ("AP", "BA")
        return True
    if single and nxt and gap_next == " " and _is_cap(nxt) and not nxt.isupper() and not broad \
            and not gazetteer.has_key(name_key(nxt)) \
            and (lexicon.is_surname(nxt.lower()) or lexicon.is_first_name(first_low)
                 or name_key(nxt) in people or name_key(nxt) in likely_people
                 or biggest < 100_000 and not lexicon.is_dictionary_word(nxt.lower())):
        return False  # "Vladimir Putin ... Putin said", "Riad Malki": the first part of a person's name
    if strong:
        return True
    if common:
        span.weak = "common"  # "Police", "Mobile", "University"
        return True
    if namelike and not cue and not any(r[4] == "PPLC" for r in rows):
        span.weak = "name"  # "Tyler", "Clark"; a national capital ("Washington") is a place first
        return True
    if biggest < SMALL_PLACE and not cue:
        span.weak = "small"
    elif single and not cue and biggest < 100_000 and all(r[0] != 0 for r in rows):
        span.weak = "alias"  # only an exonym or old name of a small town ("Zara" for Zadar)
    return True


def _mark_non_literal(text: str, tokens: list, j: int, span: Span) -> None:
    """Possessives ("Moscow's invasion") and agents ("Kyiv said") are metonyms."""
    if span.demonym is not None:
        return
    after = text[span.end : span.end + 3]
    if after[:2] in ("'s", "’s") or after[:1] in ("'", "’") and text[span.end - 1 : span.end] in "sS":
        span.non_literal, span.reason = True, "possessive"
        return
    k = j + 1
    i = next((m for m in range(j, -1, -1) if tokens[m][0] == span.start), j)
    if i > 0 and tokens[i - 1][2].lower() in _CUES | {"and", "or"}:
        return  # "officials in Pokrovsk said": the place is not the speaker
    if k < len(tokens) and text[span.end : tokens[k][0]] == " ":
        word = tokens[k][2].lower()
        if word in ("has", "have", "had", "will", "would", "could", "may", "might", "must", "is", "was",
                    "also", "then", "still", "now") and k + 1 < len(tokens):
            nxt = tokens[k + 1][2].lower()
            if nxt in _AGENT_VERBS or nxt in ("not", "been", "to"):
                word = nxt if nxt in _AGENT_VERBS else word
        if word in _AGENT_VERBS:
            span.non_literal, span.reason = True, "agent"
