"""Small régions loaded through the real loader (``ecosystem.actions.territories.load_region``).

Loading the whole committed région for each test would take seconds; these hold just what the tests need.
"""

import copy

from ecosystem.actions.territories import load_region

# Two homonymous communes (Saint-Just), an EPCI, two départements.
HOMONYMS = {
    "region": {"code": "32", "name": "Hauts-de-France"},
    "departements": [{"code": "80", "name": "Somme"}, {"code": "60", "name": "Oise"}],
    "epcis": [{"code": "248000531", "name": "CA Amiens Métropole", "departements": ["80"]}],
    "communes": [
        {"insee": "80021", "name": "Amiens", "departement": "80", "epci": "248000531", "population": 133000},
        {"insee": "80001", "name": "Abbeville", "departement": "80", "population": 23000},
        {"insee": "80700", "name": "Saint-Just", "departement": "80", "population": 300},
        {"insee": "60581", "name": "Saint-Just", "departement": "60", "population": 6000},
    ],
}

# Six communes with postal codes (two Villers-Bocage in two départements; 80440 serves Boves and Glisy).
WITH_POSTAL_CODES = {
    "region": {"code": "32", "name": "Hauts-de-France"},
    "departements": [{"code": "80", "name": "Somme"}, {"code": "60", "name": "Oise"}],
    "epcis": [{"code": "248000531", "name": "CA Amiens Métropole", "departements": ["80"]}],
    "communes": [
        {
            "insee": "80021",
            "name": "Amiens",
            "departement": "80",
            "epci": "248000531",
            "postal_codes": ["80000", "80080", "80090"],
            "population": 133000,
        },
        {
            "insee": "80620",
            "name": "Péronne",
            "departement": "80",
            "postal_codes": ["80200"],
            "population": 7500,
        },
        {
            "insee": "80131",
            "name": "Boves",
            "departement": "80",
            "epci": "248000531",
            "postal_codes": ["80440"],
            "population": 3000,
        },
        {
            "insee": "80379",
            "name": "Glisy",
            "departement": "80",
            "epci": "248000531",
            "postal_codes": ["80440"],
            "population": 900,
        },
        {
            "insee": "80799",
            "name": "Villers-Bocage",
            "departement": "80",
            "postal_codes": ["80260"],
            "population": 1500,
        },
        {
            "insee": "60673",
            "name": "Villers-Bocage",
            "departement": "60",
            "postal_codes": ["60120"],
            "population": 300,
        },
    ],
}


def load(region: dict) -> None:
    """Load ``region`` (a copy: the loader may change what it is given)."""
    load_region(copy.deepcopy(region))
