"""The controlled-language front end: controlled English -> :mod:`reasoner.cnl.statements`.

Pipeline for one sentence: the chunker (names with titles, dates, quantities -> single tokens,
:mod:`reasoner.cnl.chunker`) -> the LALR grammar ``grammar/cnl.lark`` (:mod:`reasoner.cnl.parser`)
-> a clause structure (:mod:`reasoner.cnl.transform`) -> event frames and definitions
(:mod:`reasoner.cnl.frames`, :mod:`reasoner.cnl.interpret`). The language is documented, with
tested examples, in ``docs/language.md``.

    >>> from reasoner.cnl import Lexicon, parse_sentence
    >>> s = parse_sentence("Putin met Xi in Beijing on 4 February 2022.", lexicon=Lexicon.default())
    >>> [(e.type, [a.entity.key for a in e.actors], [t.entity.key for t in e.targets]) for e in s.events]
    [('meeting', ['vladimir_putin'], ['xi_jinping'])]
"""

from reasoner.cnl.document import parse_definitions, parse_document, parse_sentence
from reasoner.cnl.lexicon import Lexicon, read_definitions_with

# The default lexicon's background (grammar/lexicon.cnl) is read by the document pipeline; wiring it
# here, above both, keeps reasoner.cnl.lexicon from importing back into the pipeline.
read_definitions_with(parse_definitions)

__all__ = ["Lexicon", "parse_document", "parse_sentence"]
