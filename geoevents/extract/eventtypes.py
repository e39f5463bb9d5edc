"""Event types: which ACLED event and sub-event type a sentence reports.

A curated trigger table (``data/event_types.csv``: pattern, event_type,
sub_event_type (empty: not stated), weight, note) is compiled once into a token trie.  A
sentence is tokenised by one linear regex; at each token the longest
pattern starting there is taken (leftmost-longest, no overlaps).  A few
context rules then adjust each trigger's reading, and the readings are
ranked by score (the row's weight times the context factors), best first.

>>> classify("Russian forces shelled Kharkiv overnight.")
EventType(event_type='Explosions/Remote violence', sub_event_type='Shelling/artillery/missile attack', \
trigger='shelled', start=15, end=22, score=3.0)
>>> classify("Ukrainian forces recaptured the village").sub_event_type
'Government regains territory'
>>> classify("The minister said so on Sunday.") is None
True

Patterns
--------
A pattern is one or more lower-case words.  Each word also matches its
simple inflections (``shell`` -> shells, shelled, shelling; ``strike`` ->
strikes, striking, struck; ``gunman`` -> gunmen); a word ending in ``$``
matches only as written (``base$`` does not match "based").  A ``*`` word
stands for zero to three words of the same clause (``lift * restriction``
matches "lifted some restrictions").  Function words (a, the, on, down ...)
are never inflected.  Matching is case-insensitive and on whole tokens, so
"shellfish" is not "shell" and "Kyiv-based" is not "base".

Choices (ACLED codebook wording where it decides; otherwise documented here)
----------------------------------------------------------------------------
* Interceptions: "shot down 40 drones", "intercepted missiles",
  "neutralized", "air defence repelled" are Strategic developments / Other
  (the shared annotation README), and so are the weapons named in their
  clause ("six drones were shot down") unless the clause reports damage or
  casualties; whether an impact elsewhere in the article makes it a strike
  is decided at document level.  A *crewed* aircraft shot down ("shot down
  a Su-34 jet") is a Shelling/artillery/missile attack, as ACLED's codebook
  says.
* Generic attacks ("attacked", "came under attack", "an attack on X",
  "came under fire") are Explosions/Remote violence with the weapon not
  stated (an empty sub-event type); a weapon word in the clause gives the
  sub-event type ("attacked with drones" is an Air/drone strike), and
  ground-combat words (troops, positions, storm, advance, fighting, armed
  men) make them Battles / Armed clash.  "Explosions were heard" is
  Explosions/Remote violence with no sub-event type; IEDs need a mine, an
  IED, a car bomb or a planted bomb.
* Opinions and reactions ("condemned", "slammed", "accused", "vowed") are
  not triggers.
* Missiles and rockets are Shelling/artillery/missile attack (the text
  rarely says where a cruise missile was launched from); glide, guided and
  barrel bombs, drones and warplanes are Air/drone strike.
* Troop build-ups ("gathered 50,000 troops", "massed", "deployed") are
  Strategic developments / Change to group/activity (the codebook's
  "movement of forces").  Violence that is only planned, prepared,
  threatened or future ("troops for an assault", "preparing an offensive",
  "will strike") is read as Strategic developments / Other at half its
  weight; "launched an assault" stays a Battle.
* Meetings and summits ("Putin and Kim met") are Strategic developments /
  Other; peace talks, ceasefires, prisoner exchanges and surrenders are
  Agreement (codebook).
* Lifting or easing restrictions on weapons ("lifted restrictions on the
  use of long-range missiles") is Strategic developments / Other: a
  government's policy, not a change in an armed group's activity.
* Territory: the codebook gives Non-state actor overtakes territory to
  non-state *and foreign state* actors, so "Russian troops captured
  Avdiivka" is Non-state actor overtakes territory; a government agent
  ("government forces captured ...") makes a capture Government regains
  territory.  Re-takings ("recaptured", "liberated") are Government regains
  territory unless a non-state actor is the agent.  Taking soldiers
  prisoner ("captured two soldiers") is an Armed clash.
* Arrests are Strategic developments / Arrests; arrests of protesters are
  Protests / Protest with intervention; arrests by a non-state group are
  Violence against civilians / Abduction/forced disappearance (codebook).
* Protest context (a protest or riot trigger nearby in the same sentence):
  force by others is Excessive force against protesters, violence by the
  protesters themselves and property destruction are Riots / Violent
  demonstration.
* Generic violence ("opened fire on", "killed", or an attack with ground-combat words) with civilians
  named and no combatant named as the target is Violence against civilians
  / Attack; remote weapons keep their Explosions/Remote violence type.
* Reporting verbs ("said", "denied") are not triggers; "denied an attack"
  still reports an attack.  A negation just before a trigger ("no
  shelling", "did not attack") halves its score but keeps it.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.acled import EVENT_TYPES
from ..core.datatables import table_rows
from ..core.errors import InputError
from ..core.vocabulary import vocabulary

__all__ = [
    "EventType", "Trigger", "EVENT_TYPES", "DEFAULT_PATH", "classify", "classify_all", "inflections", "load_triggers",
]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "event_types.csv"

_BATTLES, _EXPLOSIONS, _VAC, _PROTESTS, _RIOTS, _SD = EVENT_TYPES


@dataclass(frozen=True, slots=True)
class EventType:
    """One reading of a sentence: the ACLED type, and the words that decided it.

    ``trigger`` is ``sentence[start:end]``, as written (a ``*`` gap included).
    """

    event_type: str
    sub_event_type: str
    trigger: str
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of the trigger table."""

    pattern: str
    event_type: str
    sub_event_type: str
    weight: float
    note: str = ""


# ---------------------------------------------------------------- the table

_HEADER = ["pattern", "event_type", "sub_event_type", "weight", "note"]
_PATTERN_WORD_RE = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*\$?")
_MAX_WORDS = 6
_GAP_WORD = "*"


def load_triggers(path: str | Path = DEFAULT_PATH) -> tuple[Trigger, ...]:
    """Read and check a trigger table (CSV with the columns of ``data/event_types.csv``).

    >>> rows = load_triggers()
    >>> len(rows) >= 120, rows[0].pattern
    (True, 'armed clash')

    Raises :class:`~geoevents.core.errors.InputError` naming the file and line of
    a bad row and what was expected.
    """
    rows: list[Trigger] = []
    seen: set[str] = set()
    for row in table_rows(path, _HEADER, "the trigger table"):
        rows.append(_parse_row(row.fields, row.where))
        if rows[-1].pattern in seen:
            raise InputError(f"{row.where}: pattern {rows[-1].pattern!r} appears twice")
        seen.add(rows[-1].pattern)
    return tuple(rows)


def _parse_row(fields: list[str], where: str) -> Trigger:
    if len(fields) != len(_HEADER):
        raise InputError(f"{where}: {len(fields)} fields, expected {len(_HEADER)} ({', '.join(_HEADER)})")
    pattern, event_type, sub_event_type, weight_text, note = fields
    words = pattern.split(" ")
    if (
        not 1 <= len(words) <= _MAX_WORDS
        or words[0] == _GAP_WORD
        or words[-1] == _GAP_WORD
        or any(a == b == _GAP_WORD for a, b in zip(words, words[1:]))
        or not all(w == _GAP_WORD or _PATTERN_WORD_RE.fullmatch(w) for w in words)
    ):
        raise InputError(
            f"{where}: pattern {pattern!r} is not 1-{_MAX_WORDS} lower-case words separated by single spaces"
            " (a word may end in '$'; '*' only between words)"
        )
    if event_type not in EVENT_TYPES:
        raise InputError(f"{where}: event type {event_type!r}, expected one of {list(EVENT_TYPES)}")
    if sub_event_type and sub_event_type not in EVENT_TYPES[event_type]:
        raise InputError(
            f"{where}: sub-event type {sub_event_type!r} is not one of {event_type!r}: {list(EVENT_TYPES[event_type])}"
            " (or empty: not stated)"
        )
    try:
        weight = float(weight_text)
    except ValueError:
        weight = math.nan
    if not (math.isfinite(weight) and weight > 0):
        raise InputError(f"{where}: weight {weight_text!r}, expected a positive number")
    return Trigger(pattern, event_type, sub_event_type, weight, note)


# ---------------------------------------------------------------- inflection

_VOWELS = frozenset("aeiou")
# words of a phrase that are never inflected
_FIXED = frozenset(
    """a an the to of on upon at in into by with from for down up out off over back away and or without
    himself herself themselves itself its their his her""".split()
)
_IRREGULAR = {
    "beat": ("beaten",), "begin": ("began", "begun"), "blow": ("blew", "blown"), "break": ("broke", "broken"),
    "bring": ("brought",), "build": ("built",), "burn": ("burnt",), "catch": ("caught",), "come": ("came",),
    "drive": ("drove", "driven"), "fall": ("fell", "fallen"), "fight": ("fought",), "flee": ("fled",),
    "give": ("gave", "given"), "go": ("went", "gone"), "hold": ("held",), "lead": ("led",), "lose": ("lost",),
    "make": ("made",), "meet": ("met",), "overrun": ("overran",), "retake": ("retook", "retaken"),
    "rise": ("rose", "risen"), "run": ("ran",), "seek": ("sought",), "send": ("sent",), "shoot": ("shot",),
    "steal": ("stole", "stolen"), "strike": ("struck", "stricken"), "take": ("took", "taken"),
    "throw": ("threw", "thrown"), "win": ("won",), "withdraw": ("withdrew", "withdrawn"),
}


def inflections(word: str) -> frozenset[str]:
    """The surface forms a pattern word matches: itself and its simple inflections.

    >>> sorted(inflections("shell"))
    ['shell', 'shelled', 'shelling', 'shells']
    >>> sorted(inflections("strike"))
    ['stricken', 'strike', 'striked', 'strikes', 'striking', 'struck']
    >>> sorted(inflections("base$")), "gunmen" in inflections("gunman")
    (['base'], True)
    """
    if word.endswith("$"):
        return frozenset((word[:-1],))
    if word in _FIXED or not word[-1].isalpha():
        return frozenset((word,))
    forms = {word, *_IRREGULAR.get(word, ())}
    consonant_y = word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    elif consonant_y:
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
    if word.endswith("man"):
        forms.add(word[:-3] + "men")
    if consonant_y:
        forms.update((word[:-1] + "ied", word + "ing"))
    elif word.endswith("ie"):
        forms.update((word + "d", word[:-2] + "ying"))
    elif word.endswith("ee"):
        forms.update((word + "d", word + "ing"))
    elif word.endswith("e"):
        forms.update((word + "d", word[:-1] + "ing"))
    else:
        forms.update((word + "ed", word + "ing"))
        if (
            len(word) >= 3
            and word[-1] not in _VOWELS
            and word[-1] not in "wxy"
            and word[-2] in _VOWELS
            and word[-3] not in _VOWELS
        ):
            forms.update((word + word[-1] + "ed", word + word[-1] + "ing"))  # kidnapped, repelled
    return frozenset(forms)


# ---------------------------------------------------------------- the trie

_END = 0  # key of a node's pattern (ints never collide with token strings)
_GAP = 1  # key of a node's "*" child
_MAX_GAP = 3  # words a "*" may stand for


def _compile(triggers: Sequence[Trigger]) -> dict:
    """A trie over surface forms; each end node keeps the best row for that exact word sequence."""
    root: dict = {}
    for order, trig in enumerate(triggers):
        words = trig.pattern.split(" ")
        exact = tuple(w.rstrip("$") for w in words)
        options = [(_GAP,) if w == _GAP_WORD else sorted(inflections(w)) for w in words]
        for seq in itertools.product(*options):
            node = root
            for key in seq:
                node = node.setdefault(key, {})
            # a sequence spelled as some row writes it beats an inflection of another row; then weight; then order
            rank = (tuple(k if k != _GAP else _GAP_WORD for k in seq) == tuple(exact), trig.weight, -order)
            held = node.get(_END)
            if held is None or rank > held[0]:
                node[_END] = (rank, trig)
    return root


@lru_cache(maxsize=8)
def _index(triggers: tuple[Trigger, ...]) -> dict:
    return _compile(triggers)


@lru_cache(maxsize=1)
def _default_index() -> dict:
    return _compile(load_triggers())


# ---------------------------------------------------------------- tokens

# initials ("U.S."), numbers ("50,000"), words with inner apostrophes / hyphens ("Russian-backed", "Su-25"),
# or one symbol; every branch is deterministic, so tokenising is linear
_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)*|[^\W_]+(?:['’\-‐][^\W_]+)*|[^\w\s]")
_SEGMENT_ENDS = frozenset(".;!?")
_CLAUSE = 40  # tokens either side of a trigger that count as its clause
_NEAR = 3  # tokens before a trigger that can negate it or make it passive
_NEAR_HYPOTHETICAL = 4  # tokens before a trigger that can make it hypothetical ("expected to launch a ...")


def _is_word(token: str) -> bool:
    return token[0].isalnum()


def _match(node: dict, words: list[str], j: int, n: int) -> tuple[int, Trigger] | None:
    """Longest (then heaviest) pattern continuing from ``node`` at token ``j``: (end token, row)."""
    best = None
    held = node.get(_END)
    if held is not None:
        best = (j, held[1])
    if j < n:
        child = node.get(words[j])
        if child is not None:
            found = _match(child, words, j + 1, n)
            if found is not None and (best is None or (found[0], found[1].weight) > (best[0], best[1].weight)):
                best = found
        gap = node.get(_GAP)
        if gap is not None:
            for k in range(j, min(n, j + _MAX_GAP + 1)):
                if k > j and not _is_word(words[k - 1]):
                    break
                found = _match(gap, words, k, n)
                if found is not None and (best is None or (found[0], found[1].weight) > (best[0], best[1].weight)):
                    best = found
    return best


def _find(root: dict, words: list[str]) -> list[_Hit]:
    """Leftmost-longest, non-overlapping pattern matches over the tokens."""
    n = len(words)
    hits: list[_Hit] = []
    i = 0  # the first token a match may start at
    for k in [k for k, w in enumerate(words) if w in root]:  # only a pattern's first word can start one
        if k < i:
            continue
        found = _match(root[words[k]], words, k + 1, n)
        if found is not None:
            hits.append(_Hit(k, found[0], found[1]))
            i = found[0]
    return hits


# ---------------------------------------------------------------- context words

_NEGATORS = frozenset("no not never without nor none neither cannot".split())
_IRREALIS = frozenset(
    """will would could might shall 'll plan plans planned planning prepare prepares prepared preparing
    preparation preparations ready readying threaten threatens threatened threatening threat threats intend
    intends intended intending expect expects expected possible possibly potential imminent upcoming future
    looming warn warns warned warning fear fears feared vow vows vowed""".split()
)
_ARTICLES = frozenset(("a", "an"))
_BE = frozenset("is are was were be been being get got".split())
_CIVILIANS = vocabulary().words("civilian")
_COMBATANTS = vocabulary().words("combatant")
# non-state fighters and the groups whose one-word names make an agent non-state ("Hamas", "PKK")
_NON_STATE = vocabulary().words("nonstate_fighter") | vocabulary().words("nonstate_group")
_GOVERNMENT = frozenset("government pro-government regime loyalist loyalists".split())
# rows whose reading depends on the clause: a weapon word gives the sub-type, ground-combat words make them a
# Battle ("troops attacked positions near ..."); without either they stay remote violence
_GENERIC = frozenset(("attack", "come under fire", "under fire"))
# ground combat: fighting on the ground, or armed men named (not "forces", "army", "military": "Russian forces
# attacked Kharkiv" is as often a strike)
_GROUND = frozenset(
    """assault assaults assaulted assaulting storm storms stormed storming position positions advance advances
    advanced advancing fighting fight fights fought clash clashes clashed clashing troops troop infantry
    infantrymen ground offensive counterattack counterattacks counter-attack counter-offensive counteroffensive
    battle battles frontline front-line trench trenches withdraw withdrew withdrawn withdrawal retreat retreated
    encircle encircled encirclement""".split()
) | (_COMBATANTS - frozenset("force forces army armies military unit units".split()))
# verbs that, with an aerial weapon in the clause after them, are an interception ("repelled an attack by
# three UAVs"), not a fight
_INTERCEPT_VERBS = frozenset(("repel",))
_AERIAL = frozenset(("Air/drone strike", "Shelling/artillery/missile attack"))
# interception rows: the weapons named in their clause were stopped, not used ("six drones were shot down")
_INTERCEPTIONS = frozenset((
    "intercept", "interception", "shoot down", "neutralise", "neutralize", "destroy * drone", "repel * drone",
    "repel * uav", "repel * missile", "repel * air attack", "air defence * repel", "air defense * repel",
))
# damage and casualties: with them, an interception in the clause does not make its weapons an interception
_DAMAGE = frozenset(
    """killed killing kill wounded wounding injured injuring injuries dead died death deaths casualties damaged
    damage destroyed hit hits struck fire fires blaze debris""".split()
)
_PROTESTERS = vocabulary().words("protester")

@dataclass(frozen=True, slots=True)
class _Hit:
    first: int  # first token
    stop: int  # token after the last
    trigger: Trigger


class _Sentence:
    """Tokens of one sentence and the lookups the context rules need.

    Every lookup is bounded: a trigger's clause is at most ``_CLAUSE`` tokens
    either side within its segment (segments end at . ; ! ?), so long texts
    with many triggers stay linear.
    """

    __slots__ = ("text", "tokens", "words", "seg_ends", "seg_lo", "seg_hi", "protest_hits", "weapon_hits",
                 "interceptions")

    def __init__(self, text: str, tokens: list[re.Match], words: list[str], hits: list[_Hit]) -> None:
        # tokens: the token matches (their offsets); words: their lower-case texts
        self.text, self.tokens, self.words = text, tokens, words
        # segment k runs from seg_lo[k] to seg_hi[k]; seg_ends are the tokens that close one
        ends = [k for k, w in enumerate(words) if w in _SEGMENT_ENDS]
        self.seg_ends = ends
        self.seg_lo = [0] + [k + 1 for k in ends]
        self.seg_hi = [k + 1 for k in ends] + [len(words)]
        seg_of = self.seg_of
        # first tokens of protest and riot triggers, by segment
        self.protest_hits: dict[int, list[int]] = {}
        for h in hits:
            if h.trigger.event_type in (_PROTESTS, _RIOTS):
                self.protest_hits.setdefault(seg_of(h.first), []).append(h.first)
        # hits that name a weapon (remote violence with a sub-type), in text order
        self.weapon_hits = [h for h in hits if h.trigger.event_type == _EXPLOSIONS and h.trigger.sub_event_type
                            and h.trigger.pattern not in _GENERIC]
        self.interceptions = [h for h in hits if h.trigger.pattern in _INTERCEPTIONS]

    def seg_of(self, k: int) -> int:
        """The segment token ``k`` lies in (how many segment ends come before it)."""
        return bisect_left(self.seg_ends, k)

    def before(self, hit: _Hit) -> range:
        """The clause before the trigger."""
        return range(max(self.seg_lo[self.seg_of(hit.first)], hit.first - _CLAUSE), hit.first)

    def after(self, hit: _Hit) -> range:
        """The clause after the trigger."""
        return range(hit.stop, min(self.seg_hi[self.seg_of(hit.first)], hit.stop + _CLAUSE))

    def near(self, hit: _Hit) -> list[str]:
        """Up to ``_NEAR_HYPOTHETICAL`` words before the trigger, nearest first, stopping at punctuation."""
        first = hit.first
        near = self.words[max(0, first - _NEAR_HYPOTHETICAL) : first][::-1]
        for i, w in enumerate(near):
            if not w[0].isalnum():
                return near[:i]
        return near

    def agents(self, hit: _Hit) -> tuple[set[str], set[int]]:
        """Words that may name the doer, and the token indices of "by" phrases.

        The doer is named in the clause before the trigger ("Rebels captured
        ...") or in a "by" phrase after it ("... was captured by rebels").
        """
        words = self.words
        agents = {words[k] for k in self.before(hit)}
        by_phrase: set[int] = set()
        after = self.after(hit)
        for k in after:
            if words[k] == "by":
                for m in range(k + 1, min(k + 1 + _NEAR, after.stop)):
                    if not words[m][0].isalnum():
                        break
                    agents.add(words[m])
                    by_phrase.add(m)
        return agents, by_phrase

    def weapon(self, hit: _Hit, after_only: bool = False) -> str:
        """The sub-type of the weapon named in the trigger's clause: the heaviest weapon row, then the nearest;
        "" when none is named."""
        if not self.weapon_hits:
            return ""
        seg = self.seg_of(hit.first)
        lo = hit.stop if after_only else max(self.seg_lo[seg], hit.first - _CLAUSE)
        hi = min(self.seg_hi[seg], hit.stop + _CLAUSE)
        near = [w for w in self.weapon_hits if w is not hit and lo <= w.first < hi]
        if not near:
            return ""
        best = max(near, key=lambda w: (w.trigger.weight, -abs(w.first - hit.first)))
        return best.trigger.sub_event_type

    def intercepted(self, hit: _Hit) -> bool:
        """An interception in the trigger's clause, and no damage or casualty word outside it: the weapon
        was stopped ("six drones were shot down over the region")."""
        if not self.interceptions:
            return False
        seg = self.seg_of(hit.first)
        lo, hi = max(self.seg_lo[seg], hit.first - _CLAUSE), min(self.seg_hi[seg], hit.stop + _CLAUSE)
        stops = [h for h in self.interceptions if lo <= h.first < hi]
        if not stops:
            return False
        inside = {k for h in stops for k in range(h.first, h.stop)}
        return not any(self.words[k] in _DAMAGE for k in range(lo, hi) if k not in inside)

    def ground_combat(self, hit: _Hit) -> bool:
        """Ground-combat words in the trigger's clause."""
        words = self.words
        return any(words[k] in _GROUND for r in (self.before(hit), self.after(hit)) for k in r)

    def in_protest(self, hit: _Hit) -> bool:
        """Another protest or riot trigger in the trigger's clause."""
        firsts = self.protest_hits.get(self.seg_of(hit.first))
        if firsts is None:
            return False
        i = bisect_left(firsts, hit.first - _CLAUSE)  # firsts are in text order
        return any(f != hit.first for f in itertools.islice(firsts, i, i + 2) if f <= hit.first + _CLAUSE)

    def civilian_target(self, hit: _Hit, near: list[str], by_phrase: set[int]) -> bool:
        """Civilians, and no combatant, named where the target is.

        The target is after the trigger ("attacked a village, killing ten
        civilians"), or before it when the trigger is passive ("two civilians
        were killed"); a "by" phrase names the doer, not the target.
        """
        words = self.words
        passive = not _BE.isdisjoint(near[:_NEAR])
        target = [words[k] for k in (self.before(hit) if passive else self.after(hit)) if k not in by_phrase]
        return not _CIVILIANS.isdisjoint(target) and _COMBATANTS.isdisjoint(target)

    def hypothetical(self, hit: _Hit, near: list[str]) -> bool:
        """Planned, threatened or future: a modal or plan word just before, or "for a(n) [adj] <trigger>"."""
        if not _IRREALIS.isdisjoint(near):
            return True
        if "may" in near:  # the modal, not the month
            k = hit.first - 1 - near.index("may")
            if self.text[self.tokens[k].start()] == "m":
                return True
        return (len(near) >= 2 and near[0] in _ARTICLES and near[1] == "for") or (
            len(near) >= 3 and near[1] in _ARTICLES and near[2] == "for"
        )


def _negated(near: list[str]) -> bool:
    close = near[:_NEAR]
    return not _NEGATORS.isdisjoint(close) or any(w.endswith(("n't", "n’t")) for w in close if "n" in w)


def _reading(s: _Sentence, hit: _Hit) -> EventType:
    trig = hit.trigger
    event_type, sub, score = trig.event_type, trig.sub_event_type, trig.weight
    near = s.near(hit)
    if event_type == _EXPLOSIONS and (not sub or trig.pattern in _GENERIC):
        weapon = s.weapon(hit)
        if weapon:
            sub = weapon  # "attacked the city with drones", "explosions after a missile strike"
        elif trig.pattern in _GENERIC and s.ground_combat(hit):
            event_type, sub = _BATTLES, "Armed clash"  # "troops attacked positions near ..."
    elif trig.pattern in _INTERCEPT_VERBS and s.weapon(hit, after_only=True) in _AERIAL:
        event_type, sub = _SD, "Other"  # "repelled an attack by three UAVs": an interception
    if event_type == _EXPLOSIONS and s.intercepted(hit):
        event_type, sub = _SD, "Other"  # "drones were shot down": the drones were stopped, not used
    if event_type not in (_PROTESTS, _RIOTS) and s.in_protest(hit):
        if sub in ("Arrests", "Abduction/forced disappearance"):
            event_type, sub = _PROTESTS, "Protest with intervention"
        elif sub in ("Armed clash", "Attack") or event_type == _EXPLOSIONS:
            agents, _ = s.agents(hit)
            if agents & _PROTESTERS:
                event_type, sub = _RIOTS, "Violent demonstration"
            else:
                event_type, sub = _PROTESTS, "Excessive force against protesters"
        elif sub == "Looting/property destruction":
            event_type, sub = _RIOTS, "Violent demonstration"
    elif sub in ("Arrests", "Non-state actor overtakes territory", "Government regains territory"):
        agents, _ = s.agents(hit)
        if not _NON_STATE.isdisjoint(agents):
            if sub == "Arrests":
                event_type, sub = _VAC, "Abduction/forced disappearance"
            else:
                sub = "Non-state actor overtakes territory"
        elif sub == "Non-state actor overtakes territory" and not _GOVERNMENT.isdisjoint(agents):
            sub = "Government regains territory"
    elif sub == "Armed clash" and s.civilian_target(hit, near, s.agents(hit)[1]):
        event_type, sub = _VAC, "Attack"
    if event_type != _SD and s.hypothetical(hit, near):
        event_type, sub, score = _SD, "Other", score * 0.5
    if _negated(near):
        score *= 0.5
    start, end = s.tokens[hit.first].start(), s.tokens[hit.stop - 1].end()
    return EventType(event_type, sub, s.text[start:end], start, end, round(score, 3))


# ---------------------------------------------------------------- public API


def classify_all(sentence: str, *, triggers: Sequence[Trigger] | None = None) -> list[EventType]:
    """Every trigger in ``sentence`` with its reading, best first (ties: earlier first).

    ``triggers`` replaces the bundled table (see :func:`load_triggers`).

    >>> [(e.sub_event_type, e.trigger) for e in classify_all("Air defence shot down 40 drones over Kyiv region")]
    [('Other', 'shot down'), ('Other', 'drones'), ('Other', 'Air defence')]
    >>> classify_all("Officials denied the report.")
    []
    """
    root = _default_index() if triggers is None else _index(tuple(triggers))
    lowered = sentence.lower()
    if len(lowered) == len(sentence):  # lower() kept every offset: tokenise the lower-cased text
        words = _TOKEN_RE.findall(lowered)
        hits = _find(root, words)
        if not hits:
            return []
        matches = list(_TOKEN_RE.finditer(lowered))
    else:  # rare letters that lower to two characters ("İ"): lower each token instead
        matches = list(_TOKEN_RE.finditer(sentence))
        words = [m.group().lower() for m in matches]
        hits = _find(root, words)
    if not hits:
        return []
    s = _Sentence(sentence, matches, words, hits)
    readings = [_reading(s, h) for h in hits]
    readings.sort(key=lambda e: (-e.score, e.start))
    return readings


def classify(sentence: str, *, triggers: Sequence[Trigger] | None = None) -> EventType | None:
    """The best reading of one sentence or clause, or None when nothing event-like is said.

    >>> e = classify("On 30 January 2018, in Vodyane, Ukrainian forces were fired upon by Russian-backed "
    ...              "separatists; one soldier was killed.")
    >>> e.event_type, e.sub_event_type, e.trigger
    ('Battles', 'Armed clash', 'fired upon')
    >>> classify("Russia has gathered some 50,000 troops for an assault in the Kursk region").sub_event_type
    'Change to group/activity'
    """
    found = classify_all(sentence, triggers=triggers)
    return found[0] if found else None
