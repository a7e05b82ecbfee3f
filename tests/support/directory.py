"""The directory's test world: communes with real coordinates and seven actors, indexed.

``build_world()`` is what the directory page, the map, the exports and the suggestions are tested against.
"""

from datetime import timedelta

from django.utils import timezone

import search
from ecosystem.actions.territories import load_region
from ecosystem.models import Actor, ActorKind, Resource, Territory, Theme
from tests.factories import ActorFactory

# A few communes with real coordinates: Doingt is 2.5 km from Péronne, Albert 20 km, Amiens 45 km.
REGION = {
    "region": {"code": "32", "name": "Hauts-de-France"},
    "departements": [
        {"code": "80", "name": "Somme"},
        {"code": "59", "name": "Nord"},
        {"code": "60", "name": "Oise"},
    ],
    "epcis": [],
    "communes": [
        {"insee": "80620", "name": "Péronne", "departement": "80", "postal_codes": ["80200"],
         "lat": 49.9322, "lon": 2.9363, "population": 7500},
        {"insee": "80240", "name": "Doingt", "departement": "80", "postal_codes": ["80200"],
         "lat": 49.9211, "lon": 2.9703, "population": 1400},
        {"insee": "80016", "name": "Albert", "departement": "80", "postal_codes": ["80300"],
         "lat": 50.0016, "lon": 2.6522, "population": 10000},
        {"insee": "80021", "name": "Amiens", "departement": "80", "postal_codes": ["80000", "80080"],
         "lat": 49.8942, "lon": 2.2957, "population": 133000},
        {"insee": "59350", "name": "Lille", "departement": "59", "postal_codes": ["59000", "59800"],
         "lat": 50.6330, "lon": 3.0586, "population": 236000},
        {"insee": "80799", "name": "Villers-Bocage", "departement": "80", "postal_codes": ["80260"],
         "lat": 50.0214, "lon": 2.3264, "population": 1500},
        {"insee": "60673", "name": "Villers-Bocage", "departement": "60", "postal_codes": ["60120"],
         "lat": 49.5872, "lon": 2.3258, "population": 300},
    ],
}  # fmt: skip


def commune(code):
    return Territory.objects.get(level=Territory.Level.COMMUNE, code=code)


def add_actor(slug, name, kind, code, themes=(), *, public=True, days_ago=0, **extra):
    actor = ActorFactory(
        slug=slug,
        name=name,
        kind=kind,
        commune=commune(code) if code else None,
        is_public=public,
        themes=themes,
        **extra,
    )
    Actor.objects.filter(pk=actor.pk).update(updated_at=timezone.now() - timedelta(days=days_ago))
    return actor


def build_world():
    """Six public actors in the Somme and the Nord, one hidden actor in Péronne; indexed."""
    load_region(REGION)
    circular = Theme.objects.create(name="Circularité (annuaire)", slug="annuaire-circularite", order=1)
    mobility = Theme.objects.create(name="Mobilités (annuaire)", slug="annuaire-mobilites", order=2)
    repair = Resource.objects.create(name="Réparation (annuaire)", slug="annuaire-reparation")
    actors = {
        "recyclerie": add_actor(
            "recyclerie",
            "Recyclerie du Santerre",
            ActorKind.ASSOCIATION,
            "80620",
            [circular],
            description="Réemploi et réparation d'objets du quotidien.",
            siret="12345678900017",
            website="https://recyclerie.example",
            contact_email="contact@recyclerie.example",
            show_contact=True,
            days_ago=5,
        ),
        "doingt": add_actor(
            "doingt", "Jardins de Doingt", ActorKind.ASSOCIATION, "80240", [circular], days_ago=1,
            contact_email="secret@doingt.example", show_contact=False,
        ),
        "albert": add_actor(
            "albert", "Tiers-lieu d'Albert", ActorKind.THIRD_PLACE, "80016", [circular, mobility], days_ago=2
        ),
        "amiens": add_actor(
            "amiens", "Atelier Vélo Amiénois", ActorKind.ASSOCIATION, "80021", [mobility], days_ago=3,
            open_to_partnerships=False,
        ),
        "lille": add_actor("lille", "Coopérative Lilloise", ActorKind.COOPERATIVE, "59350", [], days_ago=4),
        "nowhere": add_actor("nowhere", "Maison Solidaire", ActorKind.COMPANY, None, [], days_ago=6),
        "hidden": add_actor(
            "hidden", "Péronne Secrète", ActorKind.ASSOCIATION, "80620", [circular], public=False
        ),
    }  # fmt: skip
    actors["recyclerie"].offers.set([repair])
    search.rebuild()
    return actors
