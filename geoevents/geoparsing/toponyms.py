"""Recognition: find the spans of a text that name places (no resolution yet).

A gazetteer-driven recogniser.  Capitalised token runs (with the usual
lower-case connectors: "Rostov-on-Don", "Bosnia and Herzegovina") are
looked up longest-first in the gazetteer's name index; demonyms ("North
Korean", "Ukrainian") come from the gazetteer's demonym table.  Filters then
drop what is more likely a word or a person: common English words at the
start of a sentence, first names followed by another capitalised word,
names after a title ("President", "Mr"), small places with no location cue.
Names that are part of something else are refused or marked non-literal
from context words kept in ``data/nonplaces.csv`` (outlets, agencies,
vessels, fleets and units, titles, feasts, wars, month abbreviations before
a day), datelines ("KYIV (Reuters) -"), dotted initials that name no
country ("U.N.") and short headings ("Summit agenda").

Everything here is linear in the length of the text: one regex pass for
tokens, a bounded number of lookups per token.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.datatables import table_rows
from ..core.errors import InputError
from ..core.normalize import QUALIFIER_WORDS, name_key
from ..gazetteer.gazetteer import Gazetteer
from ..gazetteer.lexicon import Lexicon

__all__ = ["Span", "find_toponyms", "MAX_TOKENS", "load_nonplace_cues", "nonplace_reason", "dateline_spans"]

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
# cues too loose to place a village on their own ("from Pisky", "the road to Pisky")
_WEAK_CUES = frozenset("from to into towards toward across around through via of at".split())
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
    reason: str = ""  # why non-literal: demonym, possessive, agent, dateline, qualifier, or a not-a-place reason
    weak: str = ""  # why it needs document support to be kept: common, name, small, alias, acronym
    facility: bool = False  # followed by a street or building word ("Royal Street", "Carnegie Library")
    sentence_start: bool = False
    area_word: str = ""  # the area word that made it an area: "region", "community", "republic", ...
    unknown_head: bool = False  # right after "Name, " where Name is no known place or word ("Hirnyk, Donetsk")


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
    datelines = dateline_spans(text)
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
            j = _take_area_word(text, tokens, j, span)
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
        if _keep(text, tokens, i, j, span, lexicon, gazetteer, people, likely_people) \
                and _not_a_place_here(text, tokens, i, j, span, datelines, lexicon, gazetteer):
            _mark_non_literal(text, tokens, j, span)
            if i > 0 and text[tokens[i - 1][1] : start] == ", " and _is_cap(tokens[i - 1][2]) \
                    and not (spans and spans[-1].end >= tokens[i - 1][1]):
                span.unknown_head = _unknown_name(tokens[i - 1][2], lexicon)
            spans.append(span)
        after = j + 1
    return spans


# "the Sumy border region", "Donetsk People's Republic", "Illinivka community"
_BORDER_WORDS = frozenset(("border", "frontier", "borderland"))
_COMMUNITY_WORDS = frozenset(("community", "hromada", "territorial"))
_PEOPLES_REPUBLIC_RE = re.compile(r" [Pp]eople['’]s [Rr]epublic\b")
_REPUBLIC_OF_RE = re.compile(r"\b(?:[Pp]eople['’]s )?[Rr]epublic of $")
# words before "Donetsk People's Republic" that make it the territory, not the organisation
_TERRITORY_CUE_RE = re.compile(r"\b(?:in|into|inside|across|throughout|of|from|to|near|within)\s+(?:the\s+)?$",
                               re.IGNORECASE)


def _take_area_word(text: str, tokens: list, j: int, span: Span) -> int:
    """Widen ``span`` over an area word after it and set its area kind; returns its new last token."""
    n = len(tokens)
    name_end = span.end
    if _REPUBLIC_OF_RE.search(text, max(0, span.start - 30), span.start):
        span.area_kind, span.area_word = "admin1", "republic"  # "the Republic of Donetsk"
        return j
    m = _PEOPLES_REPUBLIC_RE.match(text, name_end)
    if m:
        while j + 1 < n and tokens[j + 1][1] <= m.end():
            j += 1
        span.end, span.area_kind, span.area_word = m.end(), "admin1", "republic"
        if not _TERRITORY_CUE_RE.search(text, max(0, span.start - 20), span.start):
            span.non_literal, span.reason = True, "organisation"  # "Donetsk People's Republic forces said"
        return j
    if j + 1 >= n or text[tokens[j][1] : tokens[j + 1][0]] != " ":
        return j
    word = tokens[j + 1][2].lower()
    if word in _BORDER_WORDS and j + 2 < n and text[tokens[j + 1][1] : tokens[j + 2][0]] == " " \
            and tokens[j + 2][2].lower() in ("region", "regions", "area", "areas", "oblast"):
        span.end, span.area_kind, span.area_word = tokens[j + 2][1], "admin1", "region"
        span.key = name_key(text[span.start : name_end] + " region")
        return j + 2
    if word in _COMMUNITY_WORDS:
        k = j + 1
        if word == "territorial" and k + 1 < n and tokens[k + 1][2].lower() in ("community", "hromada"):
            k += 1
        elif word == "territorial":
            return j
        span.end, span.area_kind, span.area_word = tokens[k][1], "admin2", "community"
        return k  # the key stays the name: a community is named after its centre
    if word in _AREA_WORDS:
        span.end = tokens[j + 1][1]
        span.area_kind = QUALIFIER_WORDS[word]
        span.area_word = word
        span.key = name_key(text[span.start : span.end])
        return j + 1
    return j


def _unknown_name(word: str, lexicon: Lexicon) -> bool:
    """Whether a capitalised word before ", Y" looks like a name the gazetteer lacks ("Hirnyk"), not a word
    ("Meanwhile, Kharkiv ...") or a person."""
    low = word.lower()
    return not (word.isupper() or lexicon.is_dictionary_word(low) or lexicon.zipf(low) >= 3.5
                or lexicon.is_first_name(low) or lexicon.is_surname(low))


def _not_a_place_here(text: str, tokens: list, i: int, j: int, span: Span, datelines: list,
                      lexicon: Lexicon, gazetteer: Gazetteer) -> bool:
    """Mark or refuse names that are part of something else; False drops the span."""
    first = tokens[i][2]
    if "." in first and i == j and span.area_kind is None and span.demonym is None \
            and not _name_facts(span.key, first, True, gazetteer, lexicon)[6]:
        return False  # dotted initials ("U.N.") name an organisation unless they name a country ("U.S.")
    reason = nonplace_reason(text, span.start, span.end)
    if reason in DROPPED_REASONS:
        return False
    if reason == "governor":
        if span.area_kind is None and span.demonym is None:
            span.area_kind, span.area_word = "admin1", "governor"  # the governor's region, not its capital
    elif reason and span.demonym is None:
        span.non_literal, span.reason = True, reason
    if any(s <= span.start < e for s, e in datelines):
        span.non_literal, span.reason = True, "dateline"
    elif i == j and not span.weak and span.area_kind is None and lexicon.is_dictionary_word(first.lower()) \
            and not _name_facts(span.key, first, True, gazetteer, lexicon)[6] and in_heading(text, span.start):
        span.weak = "common"  # a heading ("Summit agenda") is no location cue
    return True


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
    if biggest == 0 and all(r[3] == "settlement" for r in rows) \
            and (len({r[1] for r in rows}) > 1 or not (cue and prev_low not in _WEAK_CUES)):
        # only villages of the codifier or the postal rows (no population): one takes the mention when
        # it is qualified or backed by nearby places, or is the only one of its name after a strong cue
        span.weak = "small"
    elif biggest < SMALL_PLACE and not cue:
        span.weak = "small"
    elif single and not cue and biggest < 100_000 and all(r[0] != 0 for r in rows):
        span.weak = "alias"  # only an exonym or old name of a small town ("Zara" for Zadar)
    return True


def _mark_non_literal(text: str, tokens: list, j: int, span: Span) -> None:
    """Possessives ("Moscow's invasion") and agents ("Kyiv said") are metonyms."""
    if span.demonym is not None or span.non_literal:
        return  # a demonym, or already known to name something else ("the Kyiv Independent said")
    after = text[span.end : span.end + 3]
    if after[:2] in ("'s", "’s") or after[:1] in ("'", "’") and text[span.end - 1 : span.end] in "sS":
        span.non_literal, span.reason = True, "possessive"
        return
    k = j + 1
    i = next((m for m in range(j, -1, -1) if tokens[m][0] == span.start), j)
    if i > 1 and tokens[i - 1][2].lower() == "the":
        i -= 1  # "officials in the Kursk region said"
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


# ---------------------------------------------------------------------------------------------- not places
# A name that is part of something else ("the cruiser Moskva", "the Kyiv Independent", "Kursk Governor",
# "Nov. 9") is not a place there.  The cue words are data: ``data/nonplaces.csv``, one row per cue:
#   cue          lower-case words
#   position     before (the words end right before the name), after (they start right after it),
#                self (the name is the cue: an agency, a month abbreviation)
#   reason       agency, month (the span is dropped); governor (the span stays literal and means the area
#                the governor runs: "Kursk Governor" is Kursk Oblast, never Kursk city); or outlet, vessel,
#                feast, organisation, title, war (the span stays, non-literal, with this reason)
#   capitalised  yes: the cue only counts when its first word is capitalised in the text ("Times", "Post")

NONPLACES_PATH = Path(__file__).resolve().parent.parent / "data" / "nonplaces.csv"
_NONPLACE_HEADER = ["cue", "position", "reason", "capitalised"]
NONPLACE_REASONS = frozenset(("agency", "month", "governor", "outlet", "vessel", "feast", "organisation", "title",
                              "war"))
DROPPED_REASONS = frozenset(("agency", "month"))
_POSITIONS = frozenset(("before", "after", "self"))
_CUE_RE = re.compile(r"[a-z]+(?:['’][a-z]+)?(?: [a-z]+(?:['’][a-z]+)?)*")


@dataclass(frozen=True, slots=True)
class NonPlaceCue:
    """One row of the not-a-place table."""

    cue: str
    position: str
    reason: str
    capitalised: bool


def load_nonplace_cues(path: str | Path = NONPLACES_PATH) -> tuple[NonPlaceCue, ...]:
    """Read and check a not-a-place table (CSV with the columns of ``data/nonplaces.csv``).

    >>> cues = load_nonplace_cues()
    >>> any(c.cue == "cruiser" and c.position == "before" and c.reason == "vessel" for c in cues)
    True

    Raises :class:`~geoevents.errors.InputError` naming the file and line of a bad row.
    """
    rows: list[NonPlaceCue] = []
    seen: set[tuple[str, str]] = set()
    for row in table_rows(path, _NONPLACE_HEADER, "the not-a-place table"):
        where = row.where
        cue, position, reason, capitalised = (f.strip() for f in row.fields)
        if not _CUE_RE.fullmatch(cue):
            raise InputError(f"{where}: cue {cue!r}, expected lower-case words separated by single spaces")
        if position not in _POSITIONS:
            raise InputError(f"{where}: position {position!r}, expected one of {sorted(_POSITIONS)}")
        if reason not in NONPLACE_REASONS:
            raise InputError(f"{where}: reason {reason!r}, expected one of {sorted(NONPLACE_REASONS)}")
        if capitalised not in ("yes", "no"):
            raise InputError(f"{where}: capitalised {capitalised!r}, expected 'yes' or 'no'")
        if (cue, position) in seen:
            raise InputError(f"{where}: cue {cue!r} ({position}) appears twice")
        seen.add((cue, position))
        rows.append(NonPlaceCue(cue, position, reason, capitalised == "yes"))
    return tuple(rows)


@lru_cache(maxsize=1)
def _cue_tables() -> tuple[dict, dict, dict, int, frozenset, frozenset]:
    """(self, before, after) cue -> row, the longest cue in words, the first words of the after cues and
    the last words of the before cues (a cheap test before the full look-up)."""
    tables: dict[str, dict[str, NonPlaceCue]] = {"self": {}, "before": {}, "after": {}}
    rows = load_nonplace_cues()
    for row in rows:
        tables[row.position][row.cue] = row
    longest = max((len(c.cue.split()) for c in rows), default=1)
    firsts = frozenset(c.split()[0] for c in tables["after"])
    lasts = frozenset(c.split()[-1] for c in tables["before"])
    return tables["self"], tables["before"], tables["after"], longest, firsts, lasts


_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NEXT_WORD_RE = re.compile(r" ([^\W\d_]+)")
_LAST_WORDS_RE = re.compile(r"([^\W\d_]+)(?: the)? $", re.IGNORECASE)
_MONTH_DAY_RE = re.compile(r"\.?[ \t]{0,3}\d")
_HYPHEN_AGENCY_RE = re.compile(r"([^\W\d_]+)[-‐]$")


def nonplace_reason(text: str, start: int, end: int) -> str:
    """Why the name at ``text[start:end]`` is not a place here ("" when nothing says so).

    >>> nonplace_reason("the cruiser Moskva sank", 12, 18)
    'vessel'
    >>> nonplace_reason("On Nov. 9 drones flew", 3, 6)
    'month'
    >>> nonplace_reason("drones hit Kyiv overnight", 11, 15)
    ''
    """
    selfs, befores, afters, longest, firsts, lasts = _cue_tables()
    row = selfs.get(name_key(text[start:end]))
    if row is not None and (row.reason != "month" or _MONTH_DAY_RE.match(text, end)):
        return row.reason
    nxt = _NEXT_WORD_RE.match(text, end)
    if nxt is not None and nxt.group(1).lower() in firsts:
        after = [m.group() for _, m in zip(range(longest), _WORD_RE.finditer(text, end, end + 60))]
        for n in range(min(longest, len(after)), 0, -1):
            row = afters.get(" ".join(after[:n]).lower())
            if row is not None and (not row.capitalised or after[0][0].isupper()):
                return row.reason
    before_text = text[max(0, start - 60) : start]
    if start > 0 and text[start - 1] in "-‐":
        hyphen = _HYPHEN_AGENCY_RE.search(before_text)
        if hyphen and (selfs.get(hyphen.group(1).lower()) or _AGENCY_STUB).reason == "agency":
            return "outlet"  # "RBC-Ukraine", "TASS-Crimea": an outlet's name
        return ""
    last = _LAST_WORDS_RE.search(before_text)
    if last is None or last.group(1).lower() not in lasts:
        return ""
    words = [m.group().lower() for m in _WORD_RE.finditer(before_text, 0, last.end(1))]
    for n in range(min(longest, len(words)), 0, -1):
        row = befores.get(" ".join(words[-n:]))
        if row is not None:
            return row.reason
    return ""


_AGENCY_STUB = NonPlaceCue("", "self", "", False)

# a dateline opens the text or a line: "KYIV (Reuters) -", "MOSCOW, Nov 18 (AP) —", "Kyiv, Ukraine (AP) -"
_DATELINE_CAPS_RE = re.compile(
    r"^[ \t]{0,4}[A-Z][A-Z'’.\-]{1,30}(?:[ \t][A-Z][A-Z'’.\-]{0,30}){0,3}"
    r"(?:,[ \t]{0,3}[A-Za-z][A-Za-z.'’\-]{0,20}(?:[ \t][A-Za-z0-9.'’\-]{1,20}){0,3}){0,2}"
    r"[ \t]{0,3}(?:\([^()\n]{1,40}\))?[ \t]{0,3}[-—–]{1,2}(?=[ \t])", re.MULTILINE)
_DATELINE_AGENCY_RE = re.compile(
    r"^[ \t]{0,4}[A-Z][A-Za-z'’.\-]{1,30}(?:[ \t][A-Z][A-Za-z'’.\-]{0,30}){0,3}"
    r"(?:,[ \t]{0,3}[A-Za-z][A-Za-z.'’\-]{0,20}(?:[ \t][A-Za-z0-9.'’\-]{1,20}){0,3}){0,2}"
    r"[ \t]{0,3}\([A-Z][^()\n]{0,40}\)[ \t]{0,3}[-—–]{1,2}(?=[ \t])", re.MULTILINE)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the datelines that open the text or one of its lines.

    >>> dateline_spans("KYIV (Reuters) - Drones hit the city.")
    [(0, 16)]
    >>> dateline_spans("Troops moved - slowly.")
    []
    """
    found = {(m.start(), m.end()) for m in _DATELINE_CAPS_RE.finditer(text)}
    found.update((m.start(), m.end()) for m in _DATELINE_AGENCY_RE.finditer(text))
    return sorted(found)


_HEADING_RE = re.compile(r"[ \t]*[A-Z][\w'’\-]*(?:[ \t]+[\w'’\-]+){0,2}[ \t]*")


def in_heading(text: str, pos: int) -> bool:
    """Whether ``pos`` lies in a short heading line: 1-3 words, the first capitalised, no final stop, and
    more text on the next line ("Summit agenda")."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    if line_end < 0 or not text[line_end:].strip():
        return False
    return _HEADING_RE.fullmatch(text, line_start, line_end) is not None
