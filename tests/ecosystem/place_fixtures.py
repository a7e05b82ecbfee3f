"""A small slice of the Somme around Péronne, loaded through the real loader, for the place tests.

Cocquerel's INSEE code is 80200, which is also Péronne's postal code (shared with Doingt and Biaches).
"""

import copy

import pytest

from ecosystem.actions.territories import load_region
from ecosystem.models import Territory

HAUTE_SOMME = "CC de la Haute Somme (Combles - Péronne - Roisel)"
SLICE = {
    "region": {"code": "32", "name": "Hauts-de-France"},
    "departements": [{"code": "80", "name": "Somme"}],
    "epcis": [
        {"code": "200037133", "name": HAUTE_SOMME, "departements": ["80"]},
        {"code": "248000531", "name": "CA Amiens Métropole", "departements": ["80"]},
        {"code": "200070993", "name": "CC du Ponthieu-Marquenterre", "departements": ["80"]},
    ],
    "communes": [
        {"insee": "80620", "name": "Péronne", "departement": "80", "epci": "200037133",
         "postal_codes": ["80200", "80201"], "population": 7090},
        {"insee": "80240", "name": "Doingt", "departement": "80", "epci": "200037133",
         "postal_codes": ["80200"], "population": 1389},
        {"insee": "80102", "name": "Biaches", "departement": "80", "epci": "200037133",
         "postal_codes": ["80200"], "population": 386},
        {"insee": "80200", "name": "Cocquerel", "departement": "80", "epci": "200070993",
         "postal_codes": ["80510"], "population": 200},
        {"insee": "80021", "name": "Amiens", "departement": "80", "epci": "248000531",
         "postal_codes": ["80000", "80080", "80090"], "population": 133000},
        {"insee": "80719", "name": "Saint-Quentin-la-Motte-Croix-au-Bailly", "departement": "80",
         "postal_codes": ["80880"], "population": 900},
        {"insee": "80829", "name": "Étréjust", "departement": "80", "postal_codes": ["80270"], "population": 90},
    ],
}  # fmt: skip


@pytest.fixture
def somme(db):
    data = copy.deepcopy(SLICE)
    for index, commune in enumerate(data["communes"]):  # near Péronne, a few km apart
        commune.update(lat=49.93 + index * 0.02, lon=2.93 + index * 0.02)
    load_region(data)
    return {t.code: t for t in Territory.objects.all()}
