"""ACLED's event types and sub-event types: the one list that extraction checks its rules and tables their rows by.

>>> list(EVENT_TYPES)[:2], "Armed clash" in EVENT_TYPES["Battles"]
(['Battles', 'Explosions/Remote violence'], True)
"""

from __future__ import annotations

__all__ = ["EVENT_TYPES"]

#: ACLED event types and their sub-event types, in the codebook's order.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
