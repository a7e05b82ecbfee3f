"""A moderation hide is locked: the owners of hidden content cannot bring it back by editing it or publishing
it again (a project back to draft and published again, a structure listed again, an event edited and
published); only a staff restore does. Room messages: tests/spaces/test_message_reports.py."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecosystem import access
from ecosystem.actions import actors as actor_actions
from ecosystem.actions import events as event_actions
from ecosystem.actions import moderation
from ecosystem.actions import projects as project_actions
from ecosystem.models import Actor, Decision, Event, Project
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _hide(cast, target):
    report = moderation.report_content(cast.outsider, target, reason="abuse")
    moderation.decide(cast.staff, report, Decision.HIDE, "Contenu trompeur")
    return report


def test_a_hidden_project_cannot_be_published_again_by_its_team(client, cast, project):
    project = project_actions.do_set_published(project, True)
    report = _hide(cast, project)
    with pytest.raises(ValidationError, match="eux seuls peuvent le publier de nouveau"):
        project_actions.publish_project(cast.lead_admin, project)
    project_actions.unpublish_project(cast.lead_admin, project)  # back to draft, then publish: still refused
    client.force_login(cast.lead_admin)
    response = client.post(reverse("ecosystem:project_publish", args=[project.slug]), follow=True)
    page = BeautifulSoup(response.content, "html.parser")
    assert "eux seuls peuvent le publier de nouveau" in page.get_text(" ", strip=True)
    assert "Motif : Contenu trompeur" in page.find(attrs={"data-status": "hidden"}).get_text(" ", strip=True)
    assert not Project.objects.get(pk=project.pk).is_published
    assert not access.visible_projects(None).filter(pk=project.pk).exists()
    moderation.decide(cast.staff, report, Decision.RESTORE, "")
    assert access.visible_projects(None).filter(pk=project.pk).exists()
    project_actions.unpublish_project(cast.lead_admin, project)
    project_actions.publish_project(cast.lead_admin, project)  # restored: the team decides again
    assert Project.objects.get(pk=project.pk).is_published


def test_a_hidden_structure_cannot_be_listed_again_by_its_admins(cast):
    report = _hide(cast, cast.lead)
    with pytest.raises(ValidationError, match="eux seuls peuvent la rendre de nouveau publique"):
        actor_actions.update_actor(cast.lead_admin, cast.lead, {"is_public": True, "name": "Nouveau nom"})
    actor_actions.update_actor(cast.lead_admin, cast.lead, {"name": "Nouveau nom"})  # other edits still work
    lead = Actor.objects.get(pk=cast.lead.pk)
    assert (lead.name, lead.is_public) == ("Nouveau nom", False)
    assert not access.can_view_actor(cast.outsider, lead)
    moderation.decide(cast.staff, report, Decision.RESTORE, "")
    assert access.can_view_actor(cast.outsider, Actor.objects.get(pk=cast.lead.pk))


def test_a_hidden_event_stays_hidden_when_its_host_edits_and_publishes_it(cast):
    event = EventFactory(host=cast.lead)
    report = _hide(cast, event)
    event_actions.update_event(cast.lead_admin, event, {"title": "Forum (corrigé)"})
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    event_actions.publish_event(cast.lead_admin, Event.objects.get(pk=event.pk))
    event = Event.objects.get(pk=event.pk)
    assert event.is_published
    assert not access.can_view_event(cast.outsider, event)
    assert not access.visible_events(None).filter(pk=event.pk).exists()
    moderation.decide(cast.staff, report, Decision.RESTORE, "")
    assert access.visible_events(None).filter(pk=event.pk).exists()
