"""The event lexicon's data files (grammar/events/*.tsv) keep the format of their README.

The files are read here with plain tab splitting, not through the reader's loader, so a broken
line is caught even while the loader changes. Beyond the shape of each line, the tests hold the
lexicon to the CAMEO classes of ../shared/EVENTS.md, to one reading per verb and object, and to
the few precision rules the data promises (lifting sanctions is never imposing them).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from reasoner.cnl.statements import EVENT_TYPES

EVENTS = Path(__file__).resolve().parents[2] / "grammar" / "events"

# Root CAMEO classes each event type may be coded under (../shared/EVENTS.md, CAMEO 1.1b3).
CAMEO_ROOTS: dict[str, tuple[str, ...]] = {
    "meeting": ("04",),
    "call": ("041",),
    "visit": ("042",),
    "planned_visit": ("036",),
    "host": ("043",),
    "mediation_offer": ("039", "045"),
    "sanction_threat": ("13",),
    "sanction_imposed": ("16",),
    "accusation": ("112", "111"),  # EVENTS.md: accusation is 112 and 111 (criticize or denounce)
    "troop_buildup": ("15",),
    "deployment": ("15",),
    "joint_statement": ("019", "010"),
    "agreement": ("057", "03", "019"),
    "appeal": ("02",),
    "demand": ("10",),
    "support": ("05",),
    "opposition": ("11", "12"),
}
EFFECTS = {
    "light", "planned", "negated", "offer", "threat", "appeal", "demand", "report", "transparent",
}
CLAUSE_ROLES = {"subj", "obj", "dative", "poss", "mod", "clause"}
# Prepositions a PREP role may name: those spaCy's English parser attaches as `prep` or `agent`.
PREPOSITIONS = {
    "about", "across", "after", "against", "along", "amid", "among", "around", "as", "at",
    "before", "behind", "between", "by", "for", "from", "in", "inside", "into", "near", "of",
    "off", "on", "onto", "over", "round", "through", "to", "toward", "towards", "under", "upon",
    "via", "with", "within",
}
# Lower case; a phrasal verb is its words with one space between.
LEMMA = re.compile(r"[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*(?: [a-zà-ÿ]+)*")
CAMEO_CODE = re.compile(r"\d{3,4}")
# Verbs that undo sanctions (CAMEO 085, "Ease economic sanctions"): never an imposition.
EASING = {"lift", "ease", "relax", "waive", "loosen", "remove", "roll back", "unfreeze", "end"}
# -ise verbs without an American -ize twin.
ISE_ONLY = {
    "advise", "chastise", "compromise", "despise", "devise", "exercise", "praise", "promise",
    "raise", "revise", "rise", "supervise", "surprise",
}
IZE_ONLY = {"seize", "size", "capsize", "prize"}
# British spellings of nouns whose American twin must stand beside them (in one object list).
AMERICAN = {"defence": "defense", "manoeuvre": "maneuver", "dialogue": "dialog", "armour": "armor"}


@dataclass(frozen=True)
class Row:
    file: str
    number: int
    cols: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.number}"


def rows(name: str) -> list[Row]:
    """The data lines of one file: comments (`#`) and blank lines skipped, split on tabs."""
    found = []
    text = (EVENTS / name).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            found.append(Row(name, number, tuple(line.split("\t"))))
    return found


VERBS = rows("verbs.tsv")
NOUNS = rows("nouns.tsv")
CONTROL = rows("control.tsv")
WORDS = {r.cols[0]: r.cols[1].split("|") for r in rows("words.tsv")}


def object_lemmas(field: str) -> list[str]:
    """A verb's object column as lemmas: ``@class`` stands for a words.tsv class."""
    return [w for item in field.split("|") for w in (WORDS.get(item[1:], [item]) if item.startswith("@") else [item])]


def roles_ok(field: str) -> bool:
    if field == "-":
        return True
    # a leading "!" says the frame needs a target: without one there is no event
    roles = field.removeprefix("!").split(",")
    # a "+" role adds its participants to those found before ("+with": joint exercises with X)
    return len(roles) == len(set(roles)) and all(r.removeprefix("+") in CLAUSE_ROLES | PREPOSITIONS for r in roles)


def cameo_ok(event_type: str, code: str) -> bool:
    return bool(CAMEO_CODE.fullmatch(code)) and code.startswith(CAMEO_ROOTS[event_type])


@pytest.mark.parametrize(("data", "width"), [(VERBS, 6), (NOUNS, 5), (CONTROL, 2)])
def test_every_line_has_its_columns(data: list[Row], width: int) -> None:
    bad = [
        r.where
        for r in data
        if len(r.cols) != width or any(c != c.strip() or not c for c in r.cols)
    ]
    assert not bad, f"lines without {width} non-empty, unpadded tab-separated columns: {bad}"


def test_every_event_type_has_its_cameo_classes() -> None:
    assert set(CAMEO_ROOTS) == set(EVENT_TYPES)


@pytest.mark.parametrize("data", [VERBS, NOUNS, CONTROL])
def test_lemmas_are_lower_case_words(data: list[Row]) -> None:
    bad = [f"{r.where} {r.cols[0]!r}" for r in data if not LEMMA.fullmatch(r.cols[0])]
    assert not bad, bad


@pytest.mark.parametrize(("data", "first"), [(VERBS, 2), (NOUNS, 1)])
def test_frames_use_known_types_roles_and_cameo_codes(data: list[Row], first: int) -> None:
    bad = []
    for r in data:
        actors, targets, event_type, code = r.cols[first : first + 4]
        if event_type not in EVENT_TYPES:
            bad.append(f"{r.where}: unknown type {event_type!r}")
        elif not cameo_ok(event_type, code):
            roots = CAMEO_ROOTS[event_type]
            bad.append(f"{r.where}: CAMEO {code!r} is not under {roots} for {event_type}")
        if actors == "-" or not roles_ok(actors):
            bad.append(f"{r.where}: actors {actors!r}")
        if not roles_ok(targets):
            bad.append(f"{r.where}: targets {targets!r}")
    assert not bad, "\n".join(bad)


def test_verb_objects_are_lemma_lists() -> None:
    bad = []
    for r in VERBS:
        objects = r.cols[1]
        if objects != "-":
            unknown = [o for o in objects.split("|") if o.startswith("@") and o[1:] not in WORDS]
            lemmas = object_lemmas(objects)
            bad += [f"{r.where}: no word class {u}" for u in unknown]
            if len(lemmas) != len(set(lemmas)) or not all(LEMMA.fullmatch(o) for o in lemmas):
                bad.append(f"{r.where}: {objects!r}")
    assert not bad, bad


def test_one_reading_per_verb_and_object() -> None:
    """No (lemma, object) twice, and the object sets of one lemma are disjoint: the most
    specific line must be one line, never a choice the loader makes by file order."""
    pairs = Counter((r.cols[0], r.cols[1]) for r in VERBS)
    assert not [p for p, n in pairs.items() if n > 1]
    seen: dict[tuple[str, str], str] = {}
    overlaps = []
    for r in VERBS:
        if r.cols[1] == "-":
            continue
        for obj in object_lemmas(r.cols[1]):
            key = (r.cols[0], obj)
            if key in seen:
                overlaps.append(f"{r.where}: {key} also at {seen[key]}")
            seen[key] = r.where
    assert not overlaps, "\n".join(overlaps)


def test_nouns_and_control_verbs_appear_once() -> None:
    for data in (NOUNS, CONTROL):
        counts = Counter(r.cols[0] for r in data)
        assert not [lemma for lemma, n in counts.items() if n > 1]


def test_control_effects_are_those_of_the_readme() -> None:
    bad = [f"{r.where} {r.cols[1]!r}" for r in CONTROL if r.cols[1] not in EFFECTS]
    assert not bad, bad
    assert {r.cols[1] for r in CONTROL} == EFFECTS


def test_breadth() -> None:
    assert len(VERBS) >= 300
    assert len({r.cols[0] for r in VERBS}) >= 250
    per_type = Counter(r.cols[4] for r in VERBS)
    assert set(per_type) == set(EVENT_TYPES), set(EVENT_TYPES) - set(per_type)
    thin = {t: n for t, n in per_type.items() if t != "planned_visit" and n < 6}
    assert not thin, f"types with fewer than 6 verb frames: {thin}"


def test_appeal_and_demand_verbs_state_their_own_event() -> None:
    """An appeal or a demand is itself an event (README): each such control verb has a frame."""
    types = defaultdict(set)
    for r in VERBS:
        types[r.cols[0]].add(r.cols[4])
    missing = [
        f"{r.where} {r.cols[0]}"
        for r in CONTROL
        if r.cols[1] in {"appeal", "demand"} and r.cols[1] not in types[r.cols[0]]
    ]
    assert not missing, missing


def test_easing_sanctions_is_never_imposing_them() -> None:
    wrong = [
        r.where
        for r in VERBS
        if r.cols[0] in EASING
        and r.cols[4] == "sanction_imposed"
        and "sanction" in r.cols[1].split("|")
    ]
    assert not wrong, wrong
    assert all(r.cols[0] not in {"lift", "ease", "relax", "waive", "unfreeze"} for r in VERBS)
    effects = {r.cols[0]: r.cols[1] for r in CONTROL}
    assert all(effects.get(v) == "negated" for v in ("lift", "ease", "relax", "waive"))


def test_what_is_called_off_or_refused_is_not_asserted() -> None:
    effects = {r.cols[0]: r.cols[1] for r in CONTROL}
    refusals = ("refuse", "decline", "deny", "reject", "withdraw", "cancel", "call off", "postpone")
    for verb in (*refusals, "rule out", "collapse"):
        assert effects.get(verb) == "negated", verb


def test_british_and_american_spellings_come_in_pairs() -> None:
    lemmas = {r.cols[0] for r in VERBS} | {r.cols[0] for r in CONTROL}
    nouns = {r.cols[0] for r in NOUNS}
    ise = {v for v in lemmas if v.endswith("ise") and v not in ISE_ONLY}
    ize = {v for v in lemmas if v.endswith("ize") and v not in IZE_ONLY}
    unpaired = [v for v in ise if v[:-3] + "ize" not in lemmas]
    unpaired += [v for v in ize if v[:-3] + "ise" not in lemmas]
    unpaired += [n for n in nouns if n.endswith("isation") and n[:-7] + "ization" not in nouns]
    unpaired += [n for n in nouns if n in AMERICAN and AMERICAN[n] not in nouns]
    for r in VERBS:
        objects = set(object_lemmas(r.cols[1]))
        missing = [o for o in objects if o in AMERICAN and AMERICAN[o] not in objects]
        unpaired += [f"{r.where} {o}" for o in missing]
    assert not unpaired, unpaired


def test_a_word_class_in_an_object_column_is_expanded_and_an_unknown_one_refused(tmp_path: Path) -> None:
    from reasoner.errors import InputError
    from reasoner.reader.lexicon import event_lexicon

    for name in ("nouns.tsv", "control.tsv"):
        (tmp_path / name).write_text((EVENTS / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "words.tsv").write_text("ships\tferry|barge\n", encoding="utf-8")
    (tmp_path / "verbs.tsv").write_text("tow\t@ships|raft\tsubj\tto\tdeployment\t154\n", encoding="utf-8")
    (frame,) = event_lexicon(tmp_path).verbs["tow"]
    assert frame.objects == {"ferry", "barge", "raft"}
    (tmp_path / "verbs.tsv").write_text("# a comment\ntow\t@boats\tsubj\tto\tdeployment\t154\n", encoding="utf-8")
    event_lexicon.cache_clear()
    with pytest.raises(InputError, match=r"verbs.tsv:2: unknown word class @boats"):
        event_lexicon(tmp_path)
