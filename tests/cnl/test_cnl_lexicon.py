"""The lexicon: built from grammar/lexicon.cnl, per knowledge base, with the required content."""

from __future__ import annotations

from reasoner.cnl import Lexicon
from reasoner.cnl.statements import Entity, Fact

NATO_2022 = ["albania", "belgium", "bulgaria", "canada", "croatia", "czech_republic", "denmark", "estonia",
             "france", "germany", "greece", "hungary", "iceland", "italy", "latvia", "lithuania", "luxembourg",
             "montenegro", "netherlands", "north_macedonia", "norway", "poland", "portugal", "romania",
             "slovakia", "slovenia", "spain", "turkey", "united_kingdom", "united_states"]
EU_2022 = ["austria", "belgium", "bulgaria", "croatia", "cyprus", "czech_republic", "denmark", "estonia",
           "finland", "france", "germany", "greece", "hungary", "ireland", "italy", "latvia", "lithuania",
           "luxembourg", "malta", "netherlands", "poland", "portugal", "romania", "slovakia", "slovenia",
           "spain", "sweden"]


def test_memberships_of_february_2022(lexicon: Lexicon) -> None:
    assert sorted(lexicon.members("nato")) == sorted(NATO_2022)
    assert sorted(lexicon.members("european_union")) == sorted(EU_2022)
    assert sorted(lexicon.members("un_security_council")) == ["china", "france", "russia", "united_kingdom",
                                                              "united_states"]


def test_keys_ids_and_countries(lexicon: Lexicon) -> None:
    putin = lexicon.lookup("vladimir_putin")
    assert putin == Entity("vladimir_putin", "Vladimir Putin", "person", "Q7747", "russia")
    assert lexicon.lookup("Putin") == putin
    assert lexicon.lookup("the_west") == Entity("the_west", "the West", "group", None, "the_west")
    assert lexicon.lookup("ursula_von_der_leyen").country == "european_union"
    assert lexicon.lookup("jens_stoltenberg").country == "nato"
    assert lexicon.lookup("moscow").country == "russia"
    for short, key in [("the U.S.", "united_states"), ("the UK", "united_kingdom"), ("Britain", "united_kingdom"),
                       ("the EU", "european_union"), ("Xi", "xi_jinping"), ("Johnson", "boris_johnson"),
                       ("von der Leyen", "ursula_von_der_leyen"), ("Zelensky", "volodymyr_zelenskiy")]:
        assert lexicon.lookup(short).key == key, short


def test_background_facts_cover_every_relation(lexicon: Lexicon) -> None:
    relations = {f.relation for f in lexicon.background_facts()}
    assert relations >= {"is_a", "member_of", "capital_of", "leader_of", "stands_for", "demonym", "alias",
                         "located_in"}
    roles = {f.role for f in lexicon.background_facts() if f.relation == "leader_of"}
    assert {"president", "prime minister", "chancellor", "foreign minister", "secretary-general"} <= roles


def test_each_default_is_independent() -> None:
    first, second = Lexicon.default(), Lexicon.default()
    first.extend([Fact(Entity("ruritania", "Ruritania", "state"), "is_a", "state")])
    assert first.lookup("Ruritania") is not None and second.lookup("Ruritania") is None
