"""Clauses from the dependency tree: each verb with its subject, objects, prepositional objects,
negation, auxiliaries and the verb it depends on.

A clause without a subject of its own takes one from the clause it hangs from, as English does:
a conjoined verb ("met X and signed ...") and a participle ("before visiting Y") take their
governor's subject; an infinitive after "urge X to" takes the object; a relative clause takes the
noun it describes ("Erdogan, who offered ..."); a passive's subject is its object and its "by"
agent its subject.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reasoner.reader.syntax import Parse, Token

SUBJECTS = ("nsubj", "csubj", "expl")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
OBJECTS = ("dobj", "obj", "attr", "oprd")
COMPLEMENTS = ("xcomp", "ccomp")
_TIME_PREPS = frozenset({"before", "after", "while", "since", "during", "upon", "on", "until", "by", "without"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
INVERTING_AUXILIARIES = frozenset({"should", "had", "were"})  # English's conditionals without "if"
_OBJECT_CONTROL = frozenset({"urge", "ask", "call", "press", "push", "invite", "encourage", "persuade",
                             "tell", "order", "force", "allow", "help", "want", "request", "implore"})


@dataclass(frozen=True, slots=True)
class Clause:
    verb: int  # token index of the predicate
    lemma: str
    particle: str | None  # "up" of "step up"
    subjects: tuple[int, ...]  # token indices heading the subject (own or inherited)
    objects: tuple[int, ...]  # direct objects (a passive's subject)
    datives: tuple[int, ...]
    preps: tuple[tuple[str, int], ...]  # (preposition, its object), on the verb
    negated: bool
    auxiliaries: tuple[str, ...]  # lemmas of aux and modal verbs
    governor: int | None  # the clause this one depends on
    relation: str  # its dependency: ROOT, xcomp, ccomp, conj, advcl, relcl, acl, pcomp, ...
    mark: str | None  # "if", "before", "that", ...


def clauses(parse: Parse) -> tuple[Clause, ...]:
    """One clause per verb, in sentence order."""
    verbs = [t for t in parse.tokens if _is_predicate(parse, t)]
    build = functools.lru_cache(maxsize=None)(lambda i: _clause(parse, parse.tokens[i], build, {v.i for v in verbs}))
    return tuple(build(v.i) for v in verbs)


def _is_predicate(parse: Parse, t: Token) -> bool:
    if t.pos == "VERB":
        return True
    # a main "be"/"have" with no verb below it ("Putin was in Beijing") is a predicate too
    return t.pos == "AUX" and t.dep in ("ROOT", "conj", "ccomp", "advcl", "relcl") and t.lemma in ("be", "have")


def _clause(parse: Parse, verb: Token, build, verbs: set[int]) -> Clause:
    kids = list(parse.children(verb.i))
    particle = next((k.lemma for k in kids if k.dep == "prt"), None)
    subjects = tuple(k.i for k in kids if k.dep in SUBJECTS)  # conjuncts: the participant finder follows them
    objects = tuple(k.i for k in kids if k.dep in OBJECTS)
    if _quote_first(verb, kids, objects):
        subjects, objects = objects[:1], ()  # '"...," warned Ana Vidal': the speaker, inverted
    passive_subjects = tuple(k.i for k in kids if k.dep in PASSIVE_SUBJECTS)
    agents = tuple(p.i for k in kids if k.dep == "agent" for p in parse.children(k.i) if p.dep == "pobj")
    preps = tuple((k.lemma, p.i) for k in kids if k.dep in ("prep", "dative") and k.pos == "ADP"
                  for p in parse.children(k.i) if p.dep in ("pobj", "pcomp"))
    datives = tuple(k.i for k in kids if k.dep == "dative" and k.pos != "ADP")
    auxiliaries = tuple(k.lemma for k in kids if k.dep in ("aux", "auxpass"))
    negated = any(k.dep == "neg" for k in kids)
    mark = next((k.lemma for k in kids if k.dep == "mark"), None) or _inverted_condition(verb, kids, subjects)
    governor = verb.head if verb.head != verb.i else None
    while governor is not None and governor not in verbs and parse.tokens[governor].head != governor \
            and verb.dep not in ("relcl", "acl"):
        governor = parse.tokens[governor].head  # through a noun or a preposition ("before visiting")
    if governor is not None and governor not in verbs and verb.dep not in ("relcl", "acl"):
        governor = None
    own_subjects = subjects + agents
    own_objects = objects + passive_subjects
    if not own_subjects:
        own_subjects = _inherited_subject(parse, verb, governor, build, passive=bool(passive_subjects))
        if passive_subjects and not agents:
            own_subjects = ()
    if verb.dep == "acl" and verb.tag == "VBN" and not own_objects:
        # "troops deployed near the border"; "talks hosted by X": X hosts the talks
        own_objects, own_subjects = (verb.head,), agents
    own_subjects = tuple(_antecedent(parse, s) for s in own_subjects)
    return Clause(verb.i, verb.lemma, particle, own_subjects, own_objects, datives, preps, negated,
                  auxiliaries, governor, verb.dep, mark)


def _quote_first(verb: Token, kids: list[Token], objects: tuple[int, ...]) -> bool:
    """'"We are ready," said the minister': the quotation (a clausal complement) comes first and
    the name the parser took for an object follows the verb at once."""
    return bool(objects) and objects[0] > verb.i and any(k.dep == "ccomp" and k.i < verb.i for k in kids) \
        and all(k.i > verb.i for k in kids if k.dep in SUBJECTS) and objects[0] - verb.i <= 4


def _inverted_condition(verb: Token, kids: list[Token], subjects: tuple[int, ...]) -> str | None:
    """"Should talks fail, ...", "Had X attacked, ...": a clause under another that opens with its
    auxiliary before its subject is a condition, as if it began with "if"."""
    if verb.dep != "advcl" or not subjects:
        return None
    first = min(kids, key=lambda k: k.i, default=None)
    if first is not None and first.dep == "aux" and first.text.lower() in INVERTING_AUXILIARIES and first.i < min(subjects):
        return "if"
    return None


def _inherited_subject(parse: Parse, verb: Token, governor: int | None, build, passive: bool) -> tuple[int, ...]:
    if verb.dep == "acl" and any(k.dep == "aux" and k.lemma == "to" for k in parse.children(verb.i)):
        # "made a visit to Egypt to meet X": the purpose is the visitor's, not the visit's; but
        # "the decision by Peru to expel", "Peru's decision to expel": the noun's own agent's
        owner = _noun_agent(parse, verb.head)
        if owner:
            return owner
        up = _verb_of_noun(parse, verb.head)
        return build(up).subjects if up is not None else ()
    if verb.dep in ("relcl", "acl"):
        return (verb.head,)
    if governor is None:
        return ()
    above: Clause = build(governor)
    if verb.dep == "xcomp" and above.lemma in _OBJECT_CONTROL and above.objects:
        return above.objects
    raised = tuple(k.i for k in parse.children(governor) if k.dep in PASSIVE_SUBJECTS)
    if verb.dep == "xcomp" and not above.subjects and raised:
        return raised  # "X is expected (scheduled, said) to visit": X visits
    prep = parse.tokens[verb.head]
    if verb.dep == "pcomp" and prep.pos == "ADP" and prep.lemma not in _TIME_PREPS and above.objects:
        return above.objects  # "accused X of massing troops": X masses them
    if verb.dep in ("xcomp", "conj", "advcl", "pcomp", "prep", "pobj"):
        return above.subjects
    return ()


def _noun_agent(parse: Parse, noun: int) -> tuple[int, ...]:
    """The possessor or "by" phrase of a noun: whose decision, offer, plan it is."""
    owners = tuple(k.i for k in parse.children(noun) if k.dep == "poss" and k.i < noun)
    return owners or tuple(p.i for k in parse.children(noun) if k.dep == "prep" and k.lemma == "by"
                           for p in parse.children(k.i) if p.dep == "pobj")


def _verb_of_noun(parse: Parse, i: int) -> int | None:
    """The verb a noun (or its preposition) hangs from."""
    seen = set()
    while parse.tokens[i].head != i and i not in seen:
        seen.add(i)
        i = parse.tokens[i].head
        if _is_predicate(parse, parse.tokens[i]):
            return i
    return None


def _antecedent(parse: Parse, i: int) -> int:
    """A relative pronoun stands for the noun its clause describes."""
    t = parse.tokens[i]
    if t.lemma in RELATIVE_PRONOUNS and t.tag in ("WP", "WDT", "WP$"):
        up = parse.tokens[t.head]
        if up.dep in ("relcl", "acl") and up.head != up.i:
            return up.head
    return i
