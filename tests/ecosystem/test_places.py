"""Places typed by people (issue 11): a postal code is a postal code first, names match on any words.

Run on the slice of the Somme of ``tests/ecosystem/place_fixtures.py``.
"""

import pytest

from ecosystem.models import Territory
from ecosystem.territories import find_territories, resolve
from tests.ecosystem.place_fixtures import HAUTE_SOMME, somme  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("somme")]


def test_a_postal_code_shared_by_several_communes_is_a_choice_with_their_epci():
    resolution = resolve("80200", (Territory.Level.COMMUNE,))
    assert resolution.territory is None
    assert [t.name for t in resolution.candidates] == ["Péronne", "Doingt", "Biaches"]  # never Cocquerel
    assert "80200" in resolution.message
    assert all(t.parent.name == HAUTE_SOMME for t in resolution.candidates)


def test_a_postal_code_of_one_commune_means_that_commune():
    assert resolve("80201", (Territory.Level.COMMUNE,)).territory.name == "Péronne"
    assert resolve("80510").territory.name == "Cocquerel"


def test_an_insee_code_counts_when_written_as_such_or_when_no_postal_code_has_it():
    assert resolve("INSEE 80620").territory.name == "Péronne"
    assert resolve("insee: 80200").territory.name == "Cocquerel"
    assert resolve("80719").territory.name == "Saint-Quentin-la-Motte-Croix-au-Bailly"


def test_a_chosen_label_resolves_back_to_the_commune():
    assert resolve("Péronne (80620)").territory.code == "80620"
    assert resolve("Péronne (80200)").territory.code == "80620"
    assert resolve("Doingt (80)").territory.code == "80240"


@pytest.mark.parametrize(
    "text",
    [
        "haute somme",
        "Haute Somme",
        "CC de la Haute Somme",
        "CC Haute Somme",
        "Communauté de communes de la Haute-Somme",
        "communaute de communes haute somme",
        HAUTE_SOMME,
    ],
)
def test_an_epci_is_found_by_its_words_and_abbreviations(text):
    assert resolve(text).territory.code == "200037133"


@pytest.mark.parametrize("text", ["Etrejust", "ÉTRÉJUST", "étréjust", "etre"])
def test_names_match_with_or_without_accents(text):
    assert resolve(text).territory.code == "80829"


def test_agglomeration_is_ca_and_names_match_on_words_anywhere():
    assert resolve("Communauté d'agglomération Amiens Métropole").territory.code == "248000531"
    assert [t.code for t in find_territories("motte croix", limit=5)] == ["80719"]


def test_an_unknown_name_suggests_what_is_near():
    resolution = resolve("Haute Sommes")
    assert resolution.territory is None
    assert HAUTE_SOMME in [t.name for t in resolution.candidates]
    assert resolution.code == "not_found"
