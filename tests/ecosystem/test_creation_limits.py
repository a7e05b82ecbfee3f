"""Anti-abuse limits: a person may create only so many structures, projects and partnership proposals in a
window (``CREATION_LIMITS``); over it, a clear message and nothing saved. Staff are not limited."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from ecosystem.actions import invitations
from ecosystem.actions import projects as project_actions
from ecosystem.actions.actors import create_actor
from ecosystem.models import Actor, PartnerInvitation, Project
from tests.factories import ActorFactory, UserFactory
from tests.support.forms import actor_data

pytestmark = pytest.mark.django_db

LIMIT_MESSAGE = "Limite atteinte : au plus 2 nouvelles structures par période de 24 h."


@pytest.fixture
def tight(settings):
    settings.CREATION_LIMITS = {
        **settings.CREATION_LIMITS,
        "actor": "2/86400",
        "project": "1/86400",
        "invitation": "1/3600",
    }


def test_structures_over_the_limit_are_refused_in_the_form(client, tight, small_region):
    person = UserFactory()
    client.force_login(person)
    for name in ("Un", "Deux"):
        assert client.post("/structures/nouvelle/", actor_data(name=name)).status_code == 302
    response = client.post("/structures/nouvelle/", actor_data(name="Trois"))
    assert response.status_code == 200
    summary = BeautifulSoup(response.content, "html.parser").find(class_="error-summary")
    assert LIMIT_MESSAGE in summary.get_text(" ", strip=True)
    assert not Actor.objects.filter(name="Trois").exists()


def test_staff_are_not_limited(tight):
    staff = UserFactory(is_staff=True)
    for name in ("Un", "Deux", "Trois"):
        create_actor(staff, {"name": name, "kind": "association"})
    assert Actor.objects.filter(name="Trois").exists()


def test_projects_over_the_limit(cast, tight):
    project_actions.create_project(cast.lead_member, cast.lead, {"title": "Premier"})
    with pytest.raises(ValidationError, match="au plus 1 nouveaux projets") as error:
        project_actions.create_project(cast.lead_member, cast.lead, {"title": "Second"})
    assert error.value.code == "rate_limited"
    assert not Project.objects.filter(title="Second").exists()
    # Another person of the same structure has their own allowance.
    project_actions.create_project(cast.lead_admin, cast.lead, {"title": "Second"})


def test_partnership_proposals_over_the_limit(consent, tight):
    lead_admin = consent.cast.lead_admin
    invitations.invite_partner(lead_admin, consent.project, consent.invitee, nature="n", role="r")
    another = ActorFactory(name="Autre structure")
    with pytest.raises(ValidationError, match="au plus 1 propositions de partenariat"):
        invitations.invite_partner(lead_admin, consent.project, another, nature="n", role="r")
    assert PartnerInvitation.objects.count() == 1
