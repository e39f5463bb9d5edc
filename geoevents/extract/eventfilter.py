"""What is an event: whether a clause with a trigger reports one concrete happening.

The trigger table (:mod:`geoevents.eventtypes`) fires on any event word; this
module reads the words around the trigger and says whether the clause
reports one happening, is not an event by the annotation conventions, or
recounts history.  The cue words are data (``data/event_cues.csv``: cue,
class, case, note); the rules below are records naming a cue class, where
its cue must stand relative to the trigger, and what cancels it.

>>> read_clause("Russia could strike again.", 13, 19)
Reading(keep=False, background=False, reason='modal')
>>> read_clause("Officials said drones hit Odesa overnight.", 22, 25)
Reading(keep=True, background=False, reason='')
>>> read_clause("The troops are expected to join the upcoming assault.", 45, 52).keep
True
>>> read_clause("Kharkiv had been besieged in the first days of the invasion.", 17, 25)
Reading(keep=True, background=True, reason='history')

Rules, in the order they are tried (the first that fires gives the reason):

* ``closure``: an airport closure or flight restriction before the trigger
  ("flights grounded over the threat of drones").
* ``aid``: a weapon trigger as the object of a supply verb ("would send
  missiles", "an aid package of artillery shells"), or a trigger followed by
  "to sell/supply/..." ("agreed to sell jets").
* ``reaction``: the trigger as the object of a reaction or accusation verb
  ("condemned the attack", "accused Kyiv of shelling").  A report ("said
  drones hit Odesa") is not a reaction: "said" is not a reaction cue, and
  "that", "after", "which"... between the verb and the trigger open a
  clause of its own.
* ``modal``: a hypothetical or conditional cue shortly before the trigger
  ("could strike", "if confirmed, the capture").  An expected event is an
  event (the README's conventions): an ``expected`` cue between the modal
  cue and the trigger ("could join the upcoming assault"), or "expected
  to" itself, keeps it.
* ``generic-plural``: a bare plural trigger (no determiner or possessive in
  the three words before it) with a generic predicate after it ("attacks on
  civilians are war crimes").  "Russian drones attacked Kharkiv" has no
  plural trigger and no generic predicate, and stays.
* ``habitual``: an iterative or period cue in the trigger's stretch of the
  clause ("daily shelling", "a string of attacks", "in recent weeks"),
  unless a single occasion is named there too ("overnight", "on Monday").
* ``cumulative-toll``: a running or national total ("since the start of the
  war", "across the country"), unless a superlative precedes the cue ("the
  deadliest strike since the war began" is one strike).
* ``history`` (kept, ``background=True``): a past date or era ("in 2014",
  "back in 2022", "in the first days of the invasion", "previously"), or a
  past perfect just before the trigger ("had been captured") when the
  sentence reports no speech ("the ministry said it had captured" is the
  news itself, in reported speech).  The caller keeps a background event
  only when it is dated to a day.

The *trigger's stretch* is the part of the clause between punctuation
(commas, semicolons, colons, brackets, spaced dashes, sentence stops) that
holds the trigger, together with a short opening phrase of the clause ("In
recent weeks, ..."); a cue after the trigger counts only when no
clause-opening word ("that", "which", ...) stands between them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.datatables import table_rows
from ..core.errors import InputError
from .eventtypes import inflections

__all__ = ["is_policy", "Reading", "Cue", "CUE_CLASSES", "DEFAULT_PATH", "load_cues", "read_clause"]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "event_cues.csv"

#: Cue classes and what they mean.  The first group decides a reading; the second only gives context.
CUE_CLASSES: dict[str, str] = {
    "habitual": "iterative or period statements (drop)",
    "modal": "hypothetical or conditional statements (drop)",
    "expected": "expected events (keep; cancels a modal cue)",
    "generic": "generic predicates after a bare plural trigger (drop)",
    "reaction": "reaction, opinion and accusation verbs whose object is the trigger (drop)",
    "supply": "supply verbs before a weapon trigger (drop as aid)",
    "supply-after": "supply phrases right after the trigger: 'agreed to sell' (drop as aid)",
    "closure": "airport closures and flight restrictions (drop)",
    "policy": "policy decisions about the happening: lifted restrictions, decrees, approvals (drop)",
    "cumulative": "running or national totals (drop)",
    "history": "past dates and eras (background)",
    "occasion": "a single occasion: cancels a habitual cue",
    "superlative": "a superlative: cancels a running-total cue after it",
    "weapon": "weapon words: a trigger the supply rule applies to",
    "determiner": "determiners: a plural trigger after one is not generic",
    "perfect": "past-perfect auxiliary just before the trigger (background)",
    "speech": "reporting verbs: cancel the past-perfect reading (sequence of tenses)",
    "barrier": "words that open a new clause between a cue and the trigger",
}
# a cue may appear in several context classes, but in only one of these
_VERDICT = frozenset(("habitual", "modal", "expected", "generic", "reaction", "supply", "supply-after",
                      "closure", "policy", "cumulative", "history"))
_CASES = ("any", "lower")
_HEADER = ["cue", "class", "case", "note"]
_PLACEHOLDERS = {
    "<year>": r"(?:19|20)\d\d",
    "<month>": r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
               r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?",
    "<number>": r"\d{1,4}(?:[.,]\d{3})*",
}
_CUE_WORD_RE = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*\+?")
_MAX_WORDS = 6


@dataclass(frozen=True, slots=True)
class Reading:
    """What a clause says about its trigger.

    ``keep`` False: not an event (drop the mention).  ``background``: a concrete earlier event, kept only
    when dated to a day (the caller decides with the date).  ``reason``: "" or a short tag naming the rule.
    """

    keep: bool
    background: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of the cue table."""

    cue: str
    cls: str
    case: str = "any"
    note: str = ""


KEEP = Reading(True, False, "")


# ---------------------------------------------------------------- the table


def load_cues(path: str | Path = DEFAULT_PATH) -> tuple[Cue, ...]:
    """Read and check a cue table (CSV with the columns of ``data/event_cues.csv``).

    >>> cues = load_cues()
    >>> len(cues) > 200, sorted({c.cls for c in cues}) == sorted(CUE_CLASSES)
    (True, True)

    Raises :class:`~geoevents.errors.InputError` naming the file and line of a bad row and what was
    expected.
    """
    rows: list[Cue] = []
    seen: dict[tuple[str, str], int] = {}
    verdict: dict[str, tuple[str, int]] = {}
    for row in table_rows(path, _HEADER, "the cue table"):
        line, where, fields = row.line, row.where, row.fields
        cue = _parse_row(fields, where)
        if (cue.cue, cue.cls) in seen:
            raise InputError(f"{where}: cue {cue.cue!r} of class {cue.cls!r} is already on line {seen[cue.cue, cue.cls]}")
        seen[cue.cue, cue.cls] = line
        if cue.cls in _VERDICT:
            other = verdict.get(cue.cue)
            if other is not None:
                raise InputError(f"{where}: cue {cue.cue!r} is {cue.cls!r} here and {other[0]!r} on line {other[1]};"
                                 " a cue may belong to only one of " + ", ".join(sorted(_VERDICT)))
            verdict[cue.cue] = (cue.cls, line)
        rows.append(cue)
    return tuple(rows)


def _parse_row(fields: list[str], where: str) -> Cue:
    cue, cls, case, note = fields
    words = cue.split(" ")
    if not 1 <= len(words) <= _MAX_WORDS or not all(w in _PLACEHOLDERS or _CUE_WORD_RE.fullmatch(w) for w in words):
        raise InputError(f"{where}: cue {cue!r} is not 1-{_MAX_WORDS} lower-case words separated by single spaces"
                         f" (a word may end in '+' for its inflections, or be one of {sorted(_PLACEHOLDERS)})")
    if cls not in CUE_CLASSES:
        raise InputError(f"{where}: class {cls!r}, expected one of {list(CUE_CLASSES)}")
    if case not in _CASES:
        raise InputError(f"{where}: case {case!r}, expected one of {list(_CASES)}")
    return Cue(cue, cls, case, note)


def _word_re(word: str) -> str:
    if word in _PLACEHOLDERS:
        return _PLACEHOLDERS[word]
    if word.endswith("+"):
        return "(?:" + "|".join(re.escape(f) for f in sorted(inflections(word[:-1]), key=len, reverse=True)) + ")"
    return re.escape(word)


def _class_re(cues: Sequence[Cue]) -> re.Pattern[str]:
    """One regex for a cue class: longest cues first, whole words, case-insensitive unless the row says
    'lower'.  Words are joined by at most three whitespace characters, so the work stays linear."""
    alts = []
    for c in sorted(cues, key=lambda c: (-len(c.cue), c.cue)):
        body = r"\s{1,3}".join(_word_re(w) for w in c.cue.split(" "))
        alts.append(body if c.case == "any" else f"(?-i:{body})")
    if not alts:
        return _NEVER
    return re.compile(r"(?<![\w'’\-])(?:" + "|".join(alts) + r")(?![\w'’\-])", re.IGNORECASE)


def _first_words(cues: Sequence[Cue]) -> frozenset[str] | None:
    """The lower-case forms a cue of the class can start with; None when one starts with a placeholder."""
    out: set[str] = set()
    for c in cues:
        first = c.cue.split(" ")[0]
        if first in _PLACEHOLDERS:
            return None
        out.update(inflections(first[:-1]) if first.endswith("+") else (first,))
    return frozenset(out)


_NEVER = re.compile(r"(?!)")
_TOKEN_RE = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")


@lru_cache(maxsize=4)
def _compiled(path: Path = DEFAULT_PATH) -> tuple[dict[str, re.Pattern[str]], dict[str, frozenset[str] | None]]:
    """Per class: its regex, and the first words that must be in a clause for it to match (a prefilter)."""
    cues = load_cues(path)
    by_class = {cls: [c for c in cues if c.cls == cls] for cls in CUE_CLASSES}
    return ({cls: _class_re(rows) for cls, rows in by_class.items()},
            {cls: _first_words(rows) for cls, rows in by_class.items()})


def _active(clause: str) -> dict[str, re.Pattern[str]]:
    """The class regexes, with those whose first words are absent from the clause replaced by one that
    never matches: most clauses hold few cue words, and a skipped regex costs nothing."""
    pats, firsts = _compiled()
    present = set(_TOKEN_RE.findall(clause.lower()))
    return {cls: p if (words := firsts[cls]) is None or not words.isdisjoint(present) else _NEVER
            for cls, p in pats.items()}


# ---------------------------------------------------------------- the rules


@dataclass(frozen=True, slots=True)
class _Rule:
    """A rule: a cue of class ``cls`` at ``where`` relative to the trigger gives ``reason``.

    ``where``: "span" (anywhere in the trigger's stretch), "before" or "after" (on that side, at most
    ``window`` words away, no barrier word between).  ``unless``: a cue class that cancels the rule when
    it stands between the cue and the trigger ("before"/"after") or in the stretch ("span").  ``needs``:
    what the trigger must be ("weapon": a weapon word; "bare-plural": a plural without a determiner).
    """

    cls: str
    reason: str
    where: str
    window: int = 0
    unless: str = ""
    needs: str = ""


_RULES: tuple[_Rule, ...] = (
    _Rule("closure", "closure", "before", 12),
    _Rule("policy", "policy", "before", 8),
    _Rule("supply", "aid", "before", 8, needs="weapon"),
    _Rule("supply-after", "aid", "after", 2),
    _Rule("reaction", "reaction", "before", 6),
    _Rule("modal", "modal", "before", 6, unless="expected"),
    _Rule("generic", "generic-plural", "after", 8, needs="bare-plural"),
    _Rule("habitual", "habitual", "span", unless="occasion"),
    _Rule("cumulative", "cumulative-toll", "span"),
)
_HISTORY = _Rule("history", "history", "span")
_BOUNDARY_RE = re.compile(r"[,;:()\[\]•|]|\s[-–—]{1,3}\s|[.!?](?=\s)")
_LEAD_WORDS = 6  # an opening phrase of the clause this short belongs to every stretch ("In recent weeks,")
_SUPERLATIVE_WORDS = 6  # words before a running-total cue where a superlative cancels it
_REACH = 240  # characters before the trigger that "before" rules look at
_PERFECT_FILLERS = r"(?:\s{1,3}(?:been|already|also|just|not|never|previously|earlier|reportedly|allegedly|[a-z]+ly))"
_PLURAL_RE = re.compile(r"[^\W\d_]{2,}[^\Wsu\d_]s$", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(r"['’]s?(?:\s|$)")


def _stretch(clause: str, ts: int, te: int) -> tuple[int, int, int]:
    """(lead end, start, end) of the trigger's stretch: the punctuation-delimited part holding the trigger;
    ``lead end`` > 0 when the clause's short opening phrase (before the first boundary) also belongs."""
    start, end, first = 0, len(clause), -1
    for m in _BOUNDARY_RE.finditer(clause):
        if m.end() <= ts:
            start = m.end()
            if first < 0:
                first = m.start()
        elif m.start() >= te:
            end = m.start()
            break
    lead = 0
    if 0 <= first < start and len(clause[:first].split()) <= _LEAD_WORDS and not _opens_clause(clause):
        lead = first
    return lead, start, end


def _no_barrier(pats: dict[str, re.Pattern[str]], clause: str, a: int, b: int, window: int) -> bool:
    gap = clause[a:b]
    return len(gap.split()) <= window and pats["barrier"].search(gap) is None


def _opens_clause(clause: str) -> bool:
    """An opening phrase that starts with a clause-opening word ("After months of shelling, ...") is a
    subordinate clause of its own, not an adverb of the trigger's clause."""
    return _compiled()[0]["barrier"].match(clause, len(clause) - len(clause.lstrip())) is not None


def _fires(rule: _Rule, pats: dict[str, re.Pattern[str]], clause: str, ts: int, te: int,
           span: tuple[int, int, int]) -> bool:
    lead, start, end = span
    cue = pats[rule.cls]
    if rule.where == "before":
        last = None
        for m in cue.finditer(clause, max(start, ts - _REACH), ts):
            last = m
        if last is None and lead:
            for m in cue.finditer(clause, 0, lead):
                last = m
        if last is None or not _no_barrier(pats, clause, last.end(), ts, rule.window):
            return False
        return not (rule.unless and pats[rule.unless].search(clause, last.start(), ts))
    if rule.where == "after":
        hit = cue.search(clause, te, min(end, te + _REACH))
        if hit is None or not _no_barrier(pats, clause, te, hit.start(), rule.window):
            return False
        return not (rule.unless and pats[rule.unless].search(clause, te, hit.end()))
    return _in_span(rule, pats, clause, ts, te, span)


def _in_span(rule: _Rule, pats: dict[str, re.Pattern[str]], clause: str, ts: int, te: int,
             span: tuple[int, int, int]) -> bool:
    lead, start, end = span
    cue = pats[rule.cls]
    ranges = [(start, end), (0, lead)] if lead else [(start, end)]
    for a, b in ranges:
        for m in cue.finditer(clause, a, b):
            if m.start() >= te and not _no_barrier(pats, clause, te, m.start(), 1 << 30):
                continue  # "evacuation of villages that are under constant fire": the cue is the villages'
            if rule.unless and any(pats[rule.unless].search(clause, x, y) for x, y in ranges):
                return False
            if rule.cls == "cumulative" and pats["superlative"].search(
                    clause, _words_back(clause, m.start(), _SUPERLATIVE_WORDS), m.start()):
                continue  # "the deadliest strike since the war began" is one strike
            return True
    return False


def _words_back(text: str, pos: int, n: int) -> int:
    """The offset n words before pos (or 0)."""
    k = pos
    for _ in range(n):
        k = text.rfind(" ", 0, max(0, k - 1))
        if k < 0:
            return 0
    return k


def _needs(kind: str, pats: dict[str, re.Pattern[str]], clause: str, ts: int, te: int) -> bool:
    if not kind:
        return True
    if kind == "weapon":
        return pats["weapon"].search(clause, ts, te) is not None
    # bare plural: the trigger's last word is a plural, with no determiner or possessive in 3 words before
    last = clause[ts:te].split()[-1] if clause[ts:te].split() else ""
    if not _PLURAL_RE.search(last):
        return False
    lo = _words_back(clause, ts, 3)
    before = clause[lo:ts]
    return pats["determiner"].search(before) is None and _POSSESSIVE_RE.search(before) is None


def _perfect(pats: dict[str, re.Pattern[str]], clause: str, ts: int, sentence: str | None) -> bool:
    """A past perfect just before the trigger ("had been captured"), in a sentence without speech."""
    window = clause[max(0, ts - 60) : ts]
    for m in pats["perfect"].finditer(window):
        rest = window[m.end() :]
        if _FILLERS_RE.fullmatch(rest):
            speech = _compiled()[0]["speech"]  # the sentence may hold words the clause does not
            return speech.search(sentence if sentence is not None else clause) is None
    return False


_FILLERS_RE = re.compile(_PERFECT_FILLERS + r"{0,3}\s{1,3}", re.IGNORECASE)


# ---------------------------------------------------------------- the reading


def is_policy(trigger: str) -> bool:
    """Whether a trigger is itself a policy decision ("lifted restrictions"): an event only where the text
    says where it was taken, never as a country-wide happening.

    >>> is_policy("lifted restrictions"), is_policy("shelled")
    (True, False)
    """
    return _active(trigger)["policy"].search(trigger) is not None


def read_clause(clause: str, trigger_start: int, trigger_end: int, *, sentence: str | None = None) -> Reading:
    """Whether a clause with an event trigger at [trigger_start, trigger_end) (offsets into clause) reports
    one concrete happening.

    ``sentence`` (optional) is the whole sentence the clause comes from; reporting verbs anywhere in it
    make a past perfect reported speech rather than history.  Offsets out of range are clipped.

    >>> read_clause("The president condemned the attack on the city.", 28, 34).reason
    'reaction'
    >>> read_clause("Residents suffer daily shelling.", 23, 31).reason
    'habitual'
    """
    n = len(clause)
    ts = min(max(trigger_start, 0), n)
    te = min(max(trigger_end, ts), n)
    pats = _active(clause)
    span = _stretch(clause, ts, te)
    for rule in _RULES:
        if pats[rule.cls] is _NEVER:
            continue
        if _needs(rule.needs, pats, clause, ts, te) and _fires(rule, pats, clause, ts, te, span):
            return Reading(False, False, rule.reason)
    if (pats["history"] is not _NEVER and _fires(_HISTORY, pats, clause, ts, te, span)) or \
            (pats["perfect"] is not _NEVER and _perfect(pats, clause, ts, sentence)):
        return Reading(True, True, _HISTORY.reason)
    return KEEP
