"""A one-line, stable notation for events and facts (the manual, golden tests, REPL echo).

    meeting(vladimir_putin -> xi_jinping) date=2022-02-04 place=beijing
    sanction_threat(european_union -> russia) modality=conditional if="if Russia invades Ukraine"
    fact: turkey member_of nato
"""

from __future__ import annotations

from reasoner.cnl.statements import Entity, Event, Fact


def describe_event(event: Event) -> str:
    actors = ", ".join(m.entity.key for m in event.actors)
    targets = ", ".join(m.entity.key for m in event.targets)
    parts = [f"{event.type}({actors}{' -> ' + targets if targets else ''})"]
    if event.date is not None:
        parts.append(f"date={event.date.isoformat()}")
    if event.place is not None:
        parts.append(f"place={event.place.entity.key}")
    if event.modality != "asserted":
        parts.append(f"modality={event.modality}")
    if event.attribution is not None:
        parts.append(f"source={event.attribution.entity.key}")
    if event.quantity is not None:
        parts.append(f"quantity={event.quantity.value:.0f}")
    if event.condition:
        parts.append(f'if="{event.condition}"')
    return " ".join(parts)


def describe_fact(fact: Fact) -> str:
    obj = fact.object.key if isinstance(fact.object, Entity) else fact.object
    role = f" role={fact.role}" if fact.role else ""
    return f"fact: {fact.subject.key} {fact.relation} {obj}{role}"
