"""Draft events and the context of a verb group, shared by the frame modules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reasoner.cnl.statements import Mention, Quantity


@dataclass
class Draft:
    """An event under construction."""

    type: str
    actors: list[Mention]
    targets: list[Mention] = field(default_factory=list)
    date: dt.date | None = None
    place: Mention | None = None
    condition: str | None = None
    planned: bool = False
    attribution: Mention | None = None
    said_by: Mention | None = None  # "X said that ...": X, when no other source is named
    quantity: Quantity | None = None
    topic: str | None = None
    distinct: bool = False  # told as another event than earlier ones ("his first meeting since 2019")
    date_inherited: bool = False  # the date of an earlier mention of the same event (a later date wins)


@dataclass(frozen=True)
class Ctx:
    """What holds for a verb group from the clauses around it."""

    planned: bool = False
    infinitive: bool = False  # "willingness to impose": intended, not done
    speaker: tuple[Mention, ...] = ()  # the subject of a saying verb, for the complement's pronouns
