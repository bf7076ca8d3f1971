"""The event lexicon (``grammar/events/*.tsv``, documented in its README): verbs, nouns and
complement-taking verbs mapped to event types, roles and CAMEO codes. One loader, one value.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reasoner.cnl.statements import EVENT_TYPES
from reasoner.errors import Diagnostic, InputError, Span
from reasoner.resources import grammar_path

EFFECTS = frozenset({"light", "planned", "negated", "offer", "threat", "appeal", "demand", "report",
                     "transparent"})


@dataclass(frozen=True, slots=True)
class Frame:
    """What a verb or noun means as an event, and where its participants sit."""

    lemma: str
    type: str
    cameo: str
    actors: tuple[str, ...]  # roles, tried in order: "subj", "obj", "poss", a preposition, ...
    targets: tuple[str, ...]
    objects: frozenset[str] = frozenset()  # for verbs: the object lemmas it needs (empty: any)
    source: str = ""  # file:line, for messages
    needs_target: bool = False  # "!" before a target role: no target, no event

    @property
    def specific(self) -> bool:
        return bool(self.objects)


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, tuple[Frame, ...]]  # lemma (with particle) -> frames, specific ones first
    nouns: dict[str, Frame]
    control: dict[str, str]  # lemma -> effect
    words: dict[str, frozenset[str]]  # word class (words.tsv) -> lemmas

    def is_a(self, word_class: str, lemma: str) -> bool:
        return lemma in self.words.get(word_class, frozenset())

    def verb_frame(self, lemma: str, object_lemma: str | None) -> Frame | None:
        """The most specific frame of ``lemma`` whose object constraint holds."""
        for frame in self.verbs.get(lemma, ()):
            if not frame.objects or (object_lemma is not None and object_lemma in frame.objects):
                return frame
        return None

    def needs_object(self, lemma: str) -> bool:
        """Whether every frame of ``lemma`` needs a particular object (a light-verb use)."""
        frames = self.verbs.get(lemma, ())
        return bool(frames) and all(f.objects for f in frames)


@functools.lru_cache(maxsize=4)
def event_lexicon(folder: Path | None = None) -> EventLexicon:
    """The event lexicon in ``folder`` (default: ``grammar/events/``).

    Raises:
        InputError: a line of a file is malformed (with its file and line).
    """
    folder = folder or grammar_path("events")
    words = {cells[0]: frozenset(w.strip() for w in cells[1].split("|"))
             for cells, _ in _rows(folder / "words.tsv", 2, lambda cells: None)}
    verbs: dict[str, list[Frame]] = {}
    for frame in _frames(folder / "verbs.tsv", 6, words):
        verbs.setdefault(frame.lemma, []).append(frame)
    nouns = {frame.lemma: frame for frame in _frames(folder / "nouns.tsv", 5, words)}
    control = {cells[0]: cells[1] for cells, _ in _rows(folder / "control.tsv", 2, _effect)}
    ordered = {k: tuple(sorted(v, key=lambda f: not f.specific)) for k, v in verbs.items()}
    return EventLexicon(ordered, nouns, control, words)


def _frames(path: Path, width: int, words: dict[str, frozenset[str]]) -> list[Frame]:
    def check(cells: list[str]) -> str | None:
        unknown = [w for w in cells[1].split("|") if w.startswith("@") and w[1:] not in words] \
            if width == 6 else []
        if unknown:
            return f"unknown word class {unknown[0]} (classes are the first column of words.tsv)"
        return _frame_check(cells)

    frames = []
    for cells, where in _rows(path, width, check):
        if width == 6:
            lemma, objects, actors, targets, type_, cameo = cells
        else:
            lemma, actors, targets, type_, cameo = cells
            objects = "-"
        frames.append(Frame(lemma, type_, cameo, _roles(actors), _roles(targets.removeprefix("!")),
                            frozenset() if objects == "-" else _objects(objects, words), where,
                            needs_target=targets.startswith("!")))
    return frames


def _objects(cell: str, words: dict[str, frozenset[str]]) -> frozenset[str]:
    """The object lemmas of a frame: ``|``-separated lemmas, ``@class`` for a words.tsv class."""
    out: set[str] = set()
    for item in cell.split("|"):
        out |= words[item[1:]] if item.startswith("@") else {item}
    return frozenset(out)


def _roles(cell: str) -> tuple[str, ...]:
    return () if cell == "-" else tuple(r.strip() for r in cell.split(",") if r.strip())


def _rows(path: Path, width: int, check) -> list[tuple[list[str], str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(Diagnostic("event-lexicon", f"{path}: cannot read the event lexicon: {e.strerror}")) from None
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        where = f"{path.name}:{number}"
        problem = (f"expected {width} tab-separated columns, found {len(cells)}"
                   if len(cells) != width else check(cells))
        if problem:
            span = Span.of(line, 0, len(line), str(path)).shifted(number - 1)
            raise InputError(Diagnostic("event-lexicon", f"{path}:{number}: {problem}", span, source_line=line))
        rows.append((cells, where))
    return rows


def _frame_check(cells: list[str]) -> str | None:
    type_, cameo = cells[-2], cells[-1]
    if type_ not in EVENT_TYPES:
        return f"unknown event type {type_!r} (one of {', '.join(EVENT_TYPES)})"
    if not (cameo.isdigit() and 2 <= len(cameo) <= 4):
        return f"CAMEO code {cameo!r} is not 2 to 4 digits"
    return None


def _effect(cells: list[str]) -> str | None:
    return None if cells[1] in EFFECTS else f"unknown effect {cells[1]!r} (one of {', '.join(sorted(EFFECTS))})"
