"""Small queries over a tail's flat items: direct objects, prepositional objects, islands."""

from __future__ import annotations

from typing import Iterable

from reasoner.cnl.chunker import Chunk
from reasoner.cnl.transform import VP, Island, Item

PARTICIPANTS = frozenset({"ENT", "NEWNAME", "PRON", "ANAPHOR", "ROLE_REF"})
LINKS = frozenset({"AND", "OR", "COMMA", "LCOMMA", "BOTH", "EITHER", "DET"})
SANCTION_WORDS = frozenset({"sanctions", "sanction", "consequences", "penalties", "embargo", "embargoes",
                            "restrictions"})
DEAL_WORDS = frozenset({"deal", "agreement", "contract", "accord", "pact", "treaty"})
STATEMENT_WORDS = frozenset({"statement", "declaration", "communique", "communiqué"})
FORCE_WORDS = frozenset({"troops", "soldiers", "forces", "servicemen", "personnel", "tanks", "weapons",
                         "warships", "jets", "missiles", "troop", "battalions", "units"})


def top_chunks(items: list[Item]) -> list[Chunk]:
    return [i for i in items if isinstance(i, Chunk)]


def all_chunks(items: list[Item]) -> list[Chunk]:
    """Every chunk, islands and embedded clauses included, in order."""
    out: list[Chunk] = []
    _add_items(items, out)
    return out


def vp_chunks(vp: VP) -> list[Chunk]:
    out: list[Chunk] = []
    _add_vp(vp, out)
    return out


def _add_items(items: list[Item], out: list[Chunk]) -> None:
    for item in items:
        if isinstance(item, Chunk):
            out.append(item)
        else:
            out.append(item.word)
            _add_items(item.items, out)
            for vp in item.vps:
                _add_vp(vp, out)


def _add_vp(vp: VP, out: list[Chunk]) -> None:
    out.extend(vp.pre)
    if vp.verb is not None:
        out.append(vp.verb)
    _add_items(vp.items, out)
    for inner in vp.vps:
        _add_vp(inner, out)


def words(chunks: Iterable[Chunk]) -> set[str]:
    return {c.text.lower() for c in chunks}


def mentions_any(items: list[Item], vocabulary: frozenset[str], *, deep: bool = False) -> bool:
    chunks = all_chunks(items) if deep else iter(top_chunks(items))
    return any(c.text.lower() in vocabulary or (c.quantity and c.quantity.unit in vocabulary) for c in chunks)


def direct_objects(items: list[Item]) -> list[Chunk]:
    """The participants right after the verb ("met Xi and Lukashenko"); a possessor is none."""
    out: list[Chunk] = []
    for k, item in enumerate(items):
        if not isinstance(item, Chunk):
            break
        if item.type in PARTICIPANTS:
            if k + 1 < len(items) and isinstance(items[k + 1], Chunk) and items[k + 1].type == "POSS":
                return []
            out.append(item)
        elif item.type in LINKS or (item.type == "DATE" and not out):
            continue
        else:
            break
    return out


def after_prep(items: list[Item], preps: set[str], *, possessors: bool = True, reach: int = 1) -> list[Chunk]:
    """Participants after one of ``preps``: "with Ukrainian Foreign Minister Dmytro Kuleba",
    "between Ukraine and Russia", "in Kyiv's standoff with Moscow" (possessors count)."""
    out: list[Chunk] = []
    chunks = list(items)
    for k, item in enumerate(chunks):
        if isinstance(item, Chunk) and item.type in ("PREP", "TO") and item.text.lower() in preps:
            out.extend(_run(chunks[k + 1:], possessors, reach))
    return out


def _run(items: list[Item], possessors: bool, reach: int) -> list[Chunk]:
    out: list[Chunk] = []
    skipped = 0
    for k, item in enumerate(items):
        if not isinstance(item, Chunk):
            break
        if item.type in PARTICIPANTS:
            is_possessor = k + 1 < len(items) and isinstance(items[k + 1], Chunk) and items[k + 1].type == "POSS"
            if is_possessor and not possessors:
                break
            out.append(item)
        elif item.type in LINKS or item.type == "POSS":
            continue
        elif not out and skipped < reach - 1 and item.type in ("WORD", "POSS_PRON", "DEMONYM", "PREP", "OF"):
            skipped += 1
        else:
            break
    return out


def islands(items: list[Item], *kinds: str) -> list[Island]:
    return [i for i in items if isinstance(i, Island) and i.kind in kinds]


def find_condition(items: list[Item], vps: list[VP] = ()) -> Island | None:
    """The first condition island, however deep ("... in the event of further incursion")."""
    for item in items:
        if isinstance(item, Island):
            if item.kind in ("if", "event_of"):
                return item
            found = find_condition(item.items, item.vps)
            if found:
                return found
    for vp in vps:
        found = find_condition(vp.items, vp.vps)
        if found:
            return found
    return None


def extent(item: Item | VP) -> tuple[int, int]:
    """The character offsets an item covers in its sentence."""
    if isinstance(item, VP):
        chunks = list(vp_chunks(item))
    elif isinstance(item, Chunk):
        chunks = [item]
    else:
        chunks = [item.word, *all_chunks(item.items)]
        for vp in item.vps:
            chunks.extend(vp_chunks(vp))
    return min(c.start for c in chunks), max(c.end for c in chunks)


def first_quantity(items: list[Item]):
    for chunk in all_chunks(items):
        if chunk.quantity is not None:
            return chunk.quantity
    return None


def point_date(chunks: list[Chunk], *, planned: bool = False):
    """The first date that dates an event (not "since 2019", not "Saturday's summits", which dates
    its noun); a weekday of a planned event is the next one."""
    for k, chunk in enumerate(chunks):
        if chunk.type == "DATE" and chunk.date is not None and chunk.date.is_point:
            if k + 1 < len(chunks) and chunks[k + 1].type == "POSS":
                continue
            return chunk.date.forward if planned and chunk.date.forward else chunk.date.date
    return None
