"""The search tests' backends and their small world, shared by the contract, hostile-input and relevance tests.

``backend`` runs a test once per backend: ``database`` on the configured database (SQLite by default,
PostgreSQL with DATABASE_URL); ``elasticsearch`` when ELASTICSEARCH_URL answers (the service lane), on
throw-away indices.
"""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

import search
from ecosystem.actions.territories import load_committed_region
from ecosystem.models import Actor, ActorKind, Project, Territory, Theme

BACKENDS = ["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db):
    settings.SEARCH_BACKEND = request.param
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_INDEX_PREFIX = f"essaim-test-{uuid.uuid4().hex[:8]}"
    search._load.cache_clear()
    chosen = search.get_backend()
    yield chosen
    if request.param == "elasticsearch":
        for spec in search.specs():
            chosen.client.indices.delete(index=chosen.index_name(spec), ignore_unavailable=True)
    search._load.cache_clear()


def commune(code):
    return Territory.objects.get(level=Territory.Level.COMMUNE, code=code)


@pytest.fixture
def world(backend):
    """Six actors around Péronne (80620), one hidden; three projects, one published and public."""
    load_committed_region()
    peronne, amiens, lille, albert = (commune(c) for c in ("80620", "80021", "59350", "80016"))
    circular = Theme.objects.create(name="Circularité (contrat)", slug="contrat-circularite")
    mobility = Theme.objects.create(name="Mobilités (contrat)", slug="contrat-mobilites")

    def actor(slug, name, kind, place, themes, description="", public=True, days_ago=0):
        created = Actor.objects.create(
            name=name, slug=slug, kind=kind, commune=place, description=description, is_public=public
        )
        created.themes.set(themes)
        Actor.objects.filter(pk=created.pk).update(updated_at=timezone.now() - timedelta(days=days_ago))
        return created

    actors = {
        "recyclerie": actor(
            "recyclerie",
            "Recyclerie de Péronne",
            ActorKind.ASSOCIATION,
            peronne,
            [circular],
            "Réemploi et réparation d'objets du quotidien, ateliers ouverts.",
            days_ago=5,
        ),
        "velo": actor(
            "velo",
            "Atelier Vélo Amiénois",
            ActorKind.ASSOCIATION,
            amiens,
            [mobility],
            "Vélos d'occasion; une antenne mobile passe à Péronne chaque mois.",
            days_ago=1,
        ),
        "coop": actor(
            "coop",
            "Coopérative Lilloise",
            ActorKind.COOPERATIVE,
            lille,
            [circular],
            "Alimentation durable en circuit court.",
            days_ago=3,
        ),
        "tiers": actor(
            "tiers",
            "Tiers-lieu d'Albert",
            ActorKind.THIRD_PLACE,
            albert,
            [circular, mobility],
            "Réemploi et réparation d'objets du quotidien et de vélos, fablab.",
            days_ago=2,
        ),
        "maison": actor(
            "maison", "Maison Solidaire", ActorKind.COMPANY, None, [], "Conciergerie.", days_ago=4
        ),
        "secret": actor(
            "secret",
            "Péronne Secrète",
            ActorKind.ASSOCIATION,
            peronne,
            [circular],
            "Réemploi et réparation, structure non publiée.",
            public=False,
        ),
    }

    def project(slug, title, lead, status):
        return Project.objects.create(
            slug=slug,
            title=title,
            summary=f"{title} à Péronne.",
            lead_actor=lead,
            status=status,
            need="Réduire les déchets.",
            beneficiaries="Habitants.",
            innovation_type="unmet_need",
            action_type="research",
        )

    projects = {
        "published": project(
            "repair", "Repair café itinérant", actors["recyclerie"], Project.Status.PUBLISHED
        ),
        "draft": project("draft", "Repair café brouillon", actors["recyclerie"], Project.Status.DRAFT),
        "hidden_lead": project("hidden", "Repair café caché", actors["secret"], Project.Status.PUBLISHED),
    }
    search.rebuild()
    return actors, projects
