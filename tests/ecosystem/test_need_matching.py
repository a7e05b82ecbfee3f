"""Suggestions for a territorial need through the matching machinery: theme, kind of answer, distance in km
between the need's territory and the project's, readiness; the suggested leads told once per need and project."""

import pytest

from ecosystem.actions import needs as actions
from ecosystem.matching import suggest_for_need
from ecosystem.models import ActorKind, Notification, TerritorialNeed, Territory, Theme
from ecosystem.showcase import ready_projects
from tests.factories import ActorFactory, ProjectFactory, UserFactory
from tests.support.swarming import make_ready

pytestmark = pytest.mark.django_db

# Amiens–Abbeville is 40.5 km as the crow flies, Saint-Just (Oise)–Abbeville 76.3 km.
COORDINATES = {"80021": (49.894, 2.296), "80001": (50.106, 1.835), "60581": (49.507, 2.354)}
PLAIN = {"summary": "Une coopérative de quartier.", "need": "Les habitants sont isolés."}


@pytest.fixture
def placed(territories):
    for code, (latitude, longitude) in COORDINATES.items():
        Territory.objects.filter(level="commune", code=code).update(latitude=latitude, longitude=longitude)
    return {territory.code: territory for territory in Territory.objects.all()}


@pytest.fixture
def themes():
    return list(Theme.objects.order_by("order")[:2])


def ready(title, territory, themes, **fields):
    return make_ready(ProjectFactory(title=title, published=True, themes=themes, **PLAIN | fields), territory)


def need_at(territory, themes, answer_kind=TerritorialNeed.AnswerKind.SERVICE):
    need = TerritorialNeed.objects.create(
        actor=ActorFactory(kind=ActorKind.LOCAL_AUTHORITY), title="Répit", description="…",
        territory=territory, answer_kind=answer_kind,
    )  # fmt: skip
    need.themes.set(themes)
    return need


def test_the_nearer_project_ranks_first_and_says_how_far(placed, themes):
    ready("Loin", placed["60581"], themes[:1])
    ready("Près", placed["80021"], themes[:1])
    suggestions = suggest_for_need(need_at(placed["80001"], themes[:1]), ready_projects())
    assert [s.project.title for s in suggestions] == ["Près", "Loin"]
    assert [round(s.km, 1) for s in suggestions] == [40.5, 76.3]
    assert "À 41 km d'Abbeville." in suggestions[0].reasons
    assert "À 76 km d'Abbeville." in suggestions[1].reasons
    assert suggestions[0].parts["distance"] > suggestions[1].parts["distance"] > 0


def test_a_project_serving_the_need_s_commune_is_at_zero_km(placed, themes):
    ready("Sur place", placed["80001"], themes[:1])
    [suggestion] = suggest_for_need(need_at(placed["80001"], themes[:1]), ready_projects())
    assert suggestion.km == 0
    assert suggestion.reasons[1:] == [
        "À Abbeville.",
        "Remplit tous les critères pour essaimer.",
        "Dessert déjà ce département.",
    ]
    assert suggestion.parts["distance"] == 1


def test_the_kind_of_answer_sought_counts_and_is_explained(placed, themes):
    ready("Coopérative", placed["80021"], themes[:1])
    ready("Refuge", placed["80021"], themes[:1], summary="Un tiers-lieu ouvert aux aidants.")
    need = need_at(placed["80001"], themes[:1], TerritorialNeed.AnswerKind.PLACE)
    first, second = suggest_for_need(need, ready_projects())
    assert first.project.title == "Refuge"
    assert "Apporte le type de réponse cherché : sa description parle de « tiers lieu »." in first.reasons
    assert second.parts["answer"] == 0


def test_sharing_more_of_the_need_s_themes_ranks_higher_and_none_is_not_suggested(placed, themes):
    other = Theme.objects.exclude(pk__in=[t.pk for t in themes]).first()
    ready("Un thème", placed["80021"], themes[:1])
    ready("Deux thèmes", placed["60581"], themes)  # farther, but both themes
    ready("Hors sujet", placed["80001"], [other])
    suggestions = suggest_for_need(need_at(placed["80001"], themes), ready_projects())
    assert [s.project.title for s in suggestions] == ["Deux thèmes", "Un thème"]
    assert suggestions[0].reasons[0].startswith("Partage les thématiques")
    assert all("Remplit tous les critères pour essaimer." in s.reasons for s in suggestions)


def test_a_project_without_a_placed_territory_is_suggested_without_distance(territories, themes):
    ready("Sans coordonnées", territories["80021"], themes[:1])
    [suggestion] = suggest_for_need(need_at(territories["80001"], themes[:1]), ready_projects())
    assert suggestion.km is None
    assert suggestion.parts["distance"] == 0


def test_the_suggested_leads_are_told_once_per_need_and_project(placed, themes):
    lead = UserFactory()
    project = ready("Café", placed["80021"], themes[:1], lead_actor=ActorFactory(admins=[lead]))
    author = UserFactory()
    town = ActorFactory(kind=ActorKind.LOCAL_AUTHORITY, admins=[author])
    data = {"title": "Répit", "description": "…", "territory": placed["80001"], "themes": themes[:1]}
    need = actions.post_need(author, town, data | {"answer_kind": "place"})
    told = Notification.objects.filter(user=lead, kind="territorial_need")
    assert told.count() == 1
    assert told.get().payload == {"need": need.pk, "project": project.pk}
    actions.do_notify_suggested_leads(need, suggest_for_need(need, ready_projects()))
    assert told.count() == 1
