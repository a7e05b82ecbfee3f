"""Who to meet at an event, ranked by the partner matching: the registrants whose structures it suggests for
one's projects' open slots come first, with its reasons; the others follow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ecosystem.matching.registrants import rank_registrants
from ecosystem.models import ActorKind, Membership, Registration
from tests.factories import ActorFactory, EventFactory, UserFactory
from tests.support.html import soup
from tests.support.matching import mobility_project, sociology, sociology_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(matching_place, matching_backend):
    """A forum where Léa (of a mobility project seeking sociologists) meets Zoé (a sociology lab), Yann (an
    unrelated company) and Xavier (no structure)."""
    resource = sociology()
    project = mobility_project(matching_place)
    sociology_slot(project, resource)
    lea, zoe, yann, xavier = (UserFactory(display_name=name) for name in ("Léa", "Zoé", "Yann", "Xavier"))
    Membership.objects.create(user=lea, actor=project.lead_actor, role=Membership.Role.ADMIN)
    lab = ActorFactory(
        name="Laboratoire de sociologie d'Amiens",
        kind=ActorKind.RESEARCH,
        commune=matching_place["80021"],
        description="Sociologie des usages et des mobilités.",
    )
    lab.offers.set([resource])
    Membership.objects.create(user=zoe, actor=lab, role=Membership.Role.MEMBER)
    company = ActorFactory(
        name="Boulangerie du Nord", kind=ActorKind.COMPANY, commune=matching_place["59350"]
    )
    Membership.objects.create(user=yann, actor=company, role=Membership.Role.MEMBER)
    matching_backend()
    start = timezone.now().replace(microsecond=0) + timedelta(days=10)
    event = EventFactory(
        meetings_enabled=True,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        capacity=10,
        meeting_tables=3,
    )
    people = [xavier, yann, zoe, lea]
    Registration.objects.bulk_create(
        Registration(event=event, user=person, status=Registration.Status.CONFIRMED) for person in people
    )
    return event, people


def test_the_matching_puts_the_suggested_structures_people_first_with_its_reasons(forum):
    _event, (xavier, yann, zoe, lea) = forum
    ranked = rank_registrants(lea, [xavier, yann, zoe])
    assert [entry.person for entry in ranked] == [zoe, xavier, yann]  # the others keep their order
    first = ranked[0]
    assert first.score > 0
    assert first.reasons[0] == (
        "Laboratoire de sociologie d'Amiens pour « Laboratoire de sociologie » de votre projet "
        "« Covoiturage solidaire »"
    )
    assert "Propose « Sociologie des mobilités », que la place recherche" in first.reasons
    assert ranked[1].reasons == []
    # Nothing to rank for someone without a project seeking partners: the order is kept.
    assert [entry.person for entry in rank_registrants(xavier, [yann, zoe, lea])] == [yann, zoe, lea]


def test_the_meetings_page_lists_the_suggested_registrant_first_with_the_reasons(client, forum):
    event, (_xavier, _yann, _zoe, lea) = forum
    client.force_login(lea)
    page = soup(client.get(reverse("ecosystem:event_meetings", args=[event.slug])))
    section = page.find("section", attrs={"aria-labelledby": "registrants-title"})
    cards = section.select("li.card")
    assert [card.h3.get_text(strip=True) for card in cards] == ["Zoé", "Xavier", "Yann"]
    assert "Suggéré par la mise en relation" in cards[0].get_text()
    assert "À Amiens" in [li.get_text(strip=True) for li in cards[0].select("ul.reasons li")]
    assert not cards[1].select("ul.reasons")
