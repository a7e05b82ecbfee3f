"""Fixtures of the directory's tests."""

import pytest

import search
from ecosystem.models import Partnership, Project, Territory, Theme
from tests.factories import ActorFactory, ProjectFactory
from tests.support.directory import commune


@pytest.fixture
def api_world(small_region):
    """Four public actors (Somme and Oise), one hidden; projects published, draft, and led by the hidden one."""
    circular, mobility = Theme.objects.order_by("pk")[:2]
    actors = {
        "jardins": ActorFactory(
            name="Les Jardins Partagés",
            commune=commune("80021"),
            description="Jardins et compost partagés.",
            siret="73282932000074",
        ),
        "velo": ActorFactory(
            name="Atelier Vélo", commune=commune("80620"), description="Réparation de vélos."
        ),
        "coop": ActorFactory(
            name="Coopérative de l'Oise",
            kind="cooperative",
            commune=commune("60673"),
            open_to_partnerships=False,
        ),
        "mairie": ActorFactory(name="Mairie de Boves", kind="local_authority", commune=commune("80131")),
        "hidden": ActorFactory(name="Collectif Discret", commune=commune("80021"), is_public=False),
    }
    actors["jardins"].themes.set([circular])
    actors["velo"].themes.set([mobility])
    actors["coop"].themes.set([circular])
    projects = {
        "compost": ProjectFactory(
            lead_actor=actors["jardins"],
            title="Compost de quartier",
            slug="compost",
            published=True,
            phase="experimentation",
        ),
        "velos": ProjectFactory(
            lead_actor=actors["velo"], title="Vélos solidaires", slug="velos", published=True
        ),
        "draft": ProjectFactory(
            lead_actor=actors["jardins"],
            title="Projet brouillon",
            slug="brouillon",
            status=Project.Status.DRAFT,
        ),
        "secret": ProjectFactory(
            lead_actor=actors["hidden"], title="Projet secret", slug="secret", published=True
        ),
    }
    Project.objects.filter(pk=projects["velos"].pk).update(action_type=Project.ActionType.SWARMING)
    projects["compost"].themes.set([circular])
    projects["compost"].territories_served.set([commune("80021")])
    projects["velos"].territories_served.set([Territory.objects.get(level="departement", code="60")])
    for partner, status in (("velo", "active"), ("hidden", "active"), ("coop", "left")):
        Partnership.objects.create(
            project=projects["compost"], actor=actors[partner], nature="opérationnel", role="r", status=status
        )
    search.rebuild()
    return actors, projects
