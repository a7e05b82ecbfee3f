"""Who sees and who changes a project's evaluation: every evaluation view × people × draft/published.

Reading follows the project (published projects of a public actor show their evaluation to everyone, drafts
answer 404 to outsiders); writing is for the members of the lead actor and staff, and everyone else gets the
same 404 and changes nothing.
"""

from decimal import Decimal

import pytest

from ecosystem.actions.evaluation import define_indicator, record_assessment, record_indicator_value
from ecosystem.models import (
    Actor,
    ImpactIndicator,
    IndicatorValue,
    MarkerAssessment,
    MarkerScore,
    Membership,
)
from tests.factories import ActorFactory, PartnershipFactory, UserFactory
from tests.support.evaluation import DAY, assessment_post, full_scores

pytestmark = pytest.mark.django_db

READ_VIEWS = ["overview", "assessment", "compare", "indicator"]
WRITE_VIEWS = ["assessment_new", "indicator_new", "value_add", "value_delete"]
PEOPLE = ["anonymous", "outsider", "member", "staff"]


@pytest.fixture
def evaluated(member, draft_project, published_project, markers):
    """Both projects with two assessments and an indicator holding one value."""
    data = {}
    for project in (draft_project, published_project):
        first = record_assessment(member, project, DAY, "experimentation", "", full_scores(markers, 1))
        record_assessment(
            member, project, DAY.replace(month=6), "experimentation", "", full_scores(markers, 2)
        )
        indicator = define_indicator(member, project, "jobs")
        value, _ = record_indicator_value(member, indicator, DAY, Decimal("3"))
        base = f"/projets/{project.slug}/evaluation/"
        data[project.status] = {
            "overview": base,
            "assessment": f"{base}auto-evaluations/{first.pk}/",
            "compare": f"{base}auto-evaluations/comparaison/",
            "indicator": f"{base}indicateurs/{indicator.pk}/",
            "assessment_new": f"{base}auto-evaluations/nouvelle/",
            "indicator_new": f"{base}indicateurs/nouveau/",
            "value_add": f"{base}indicateurs/{indicator.pk}/valeurs/ajouter/",
            "value_delete": f"{base}indicateurs/{indicator.pk}/valeurs/{value.pk}/supprimer/",
        }
    return data


@pytest.fixture
def login(client, outsider, member, staff):
    def as_(person):
        client.logout()
        if person != "anonymous":
            client.force_login({"outsider": outsider, "member": member, "staff": staff}[person])
        return client

    return as_


def expected_read(person, status):
    return 200 if status == "published" or person in {"member", "staff"} else 404


@pytest.mark.parametrize("status", ["draft", "published"])
@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("view", READ_VIEWS + WRITE_VIEWS)
def test_permission_matrix_on_get(evaluated, login, view, person, status):
    client = login(person)
    expected = (
        expected_read(person, status)
        if view in READ_VIEWS
        else (200 if person in {"member", "staff"} else 404)
    )
    assert client.get(evaluated[status][view]).status_code == expected


def snapshot():
    return (
        MarkerAssessment.objects.count(),
        MarkerScore.objects.count(),
        list(IndicatorValue.objects.order_by("pk").values_list("pk", "date", "value")),
        list(ImpactIndicator.objects.order_by("pk").values_list("project_id", "kind", "label")),
    )


def wrong_posts(markers):
    return {
        "assessment_new": assessment_post(markers, score=4),
        "indicator_new": {"kind": "beneficiaries", "label": "", "unit": ""},
        "value_add": {"date": DAY.isoformat(), "value": "99", "note": "piraté"},
        "value_delete": {},
    }


@pytest.mark.parametrize("status", ["draft", "published"])
@pytest.mark.parametrize("person", ["anonymous", "outsider"])
def test_wrong_people_posting_change_nothing(evaluated, login, markers, person, status):
    client = login(person)
    before = snapshot()
    for view, data in wrong_posts(markers).items():
        assert client.post(evaluated[status][view], data).status_code == 404, view
    assert snapshot() == before


def test_a_partner_sees_the_draft_evaluation_but_cannot_change_it(evaluated, client, draft_project, markers):
    partner_actor = ActorFactory(name="Labo Mobilités", slug="labo", kind="research")
    PartnershipFactory(project=draft_project, actor=partner_actor, nature="Recherche", role="Évaluer")
    partner = UserFactory(email="chercheuse@labo.example")
    Membership.objects.create(user=partner, actor=partner_actor)
    client.force_login(partner)
    urls = evaluated["draft"]
    for view in READ_VIEWS:
        assert client.get(urls[view]).status_code == 200, view
    before = snapshot()
    for view, data in wrong_posts(markers).items():
        assert client.post(urls[view], data).status_code == 404, view
    assert snapshot() == before
    assert "auto-evaluations/nouvelle" not in client.get(urls["overview"]).content.decode()


def test_a_published_project_of_a_hidden_actor_stays_hidden(evaluated, client, outsider, lead_actor):
    Actor.objects.filter(pk=lead_actor.pk).update(is_public=False)
    client.force_login(outsider)
    for view in READ_VIEWS:
        assert client.get(evaluated["published"][view]).status_code == 404, view


def test_objects_of_another_project_answer_404(evaluated, client, member):
    client.force_login(member)
    draft, published = evaluated["draft"], evaluated["published"]
    foreign_indicator = published["indicator"].rsplit("/indicateurs/", 1)[1]
    foreign_assessment = published["assessment"].rsplit("/auto-evaluations/", 1)[1]
    assert client.get(f"{draft['overview']}indicateurs/{foreign_indicator}").status_code == 404
    assert client.get(f"{draft['overview']}auto-evaluations/{foreign_assessment}").status_code == 404
    before = snapshot()
    foreign_value = published["value_delete"].rsplit("/indicateurs/", 1)[1]
    assert client.post(f"{draft['overview']}indicateurs/{foreign_value}").status_code == 404
    assert snapshot() == before


def test_editors_see_the_edit_links(evaluated, login):
    for person in ("member", "staff"):
        html = login(person).get(evaluated["draft"]["overview"]).content.decode()
        assert "auto-evaluations/nouvelle/" in html
        assert "indicateurs/nouveau/" in html
