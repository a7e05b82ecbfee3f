"""The public page of an actor: what it shows, to whom, and in a constant number of queries."""

import pytest
from bs4 import BeautifulSoup

from ecosystem.models import Actor, Membership, Partnership, Project, Resource, Territory, Theme
from tests.factories import ActorFactory, EventFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(small_region):
    actor = ActorFactory(
        name="Les Jardins Partagés",
        admins=[UserFactory(email="admin@jardins.example")],
        commune=Territory.objects.get(level="commune", code="80021"),
        description="Des jardins ouverts à tous.",
        website="https://jardins.example",
        contact_name="Paul Contact",
        contact_email="paul@jardins.example",
        offers_tags=["compost"],
        seeks_tags=["bénévoles"],
    )
    actor.themes.set(Theme.objects.all()[:2])
    actor.offers.set(Resource.objects.all()[:2])
    actor.seeks.set(Resource.objects.all()[2:4])
    return actor


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_public_page_shows_what_is_public(client, actor):
    response = client.get(f"/en/annuaire/{actor.slug}/")
    assert response.status_code == 200
    page = soup(response)
    text = page.get_text(" ", strip=True)
    assert [h1.get_text(strip=True) for h1 in page.find_all("h1")] == ["Les Jardins Partagés"]
    assert "Association" in text
    assert "Amiens" in text
    assert "Somme" in text
    assert "open to partnerships" in text
    assert "Des jardins ouverts à tous." in text
    for name in (
        [t.name for t in actor.themes.all()] + [r.name for r in actor.offers.all()] + ["compost", "bénévoles"]
    ):
        assert name in text
    assert page.find("a", href="https://jardins.example")
    assert "Members on Essaim 1" in text
    # No consent, no contact person on the page; nor links reserved to admins.
    assert "Paul Contact" not in text
    assert "paul@jardins.example" not in response.content.decode()
    assert not page.find("a", href=f"/en/structures/{actor.slug}/modifier/")


def test_contact_shown_with_consent_and_logo_has_alt_text(client, actor):
    Actor.objects.filter(pk=actor.pk).update(show_contact=True, logo="actors/logos/abc.png")
    page = soup(client.get(f"/en/annuaire/{actor.slug}/"))
    assert "Paul Contact" in page.get_text()
    assert page.find("a", href="mailto:paul@jardins.example")
    assert page.find("img", alt="Logo of Les Jardins Partagés")


def test_admins_get_edit_and_members_links(client, actor):
    client.force_login(Membership.objects.get(actor=actor).user)
    page = soup(client.get(f"/annuaire/{actor.slug}/"))
    assert page.find("a", href=f"/structures/{actor.slug}/modifier/")
    assert page.find("a", href=f"/structures/{actor.slug}/membres/")


def test_an_outsider_may_ask_to_join(client, actor):
    client.force_login(UserFactory(email="curieux@ailleurs.example"))
    page = soup(client.get(f"/annuaire/{actor.slug}/"))
    assert page.find("a", href=f"/structures/{actor.slug}/rejoindre/")
    assert not page.find("a", href=f"/structures/{actor.slug}/modifier/")


def test_hidden_actor_is_404_to_outsiders(client, actor):
    Actor.objects.filter(pk=actor.pk).update(is_public=False)
    assert client.get(f"/annuaire/{actor.slug}/").status_code == 404
    client.force_login(UserFactory(email="curieux@ailleurs.example"))
    assert client.get(f"/annuaire/{actor.slug}/").status_code == 404
    client.force_login(Membership.objects.get(actor=actor).user)
    assert client.get(f"/annuaire/{actor.slug}/").status_code == 200


def test_projects_listed_as_the_viewer_may_see_them(client, actor):
    other = ActorFactory(name="Université de Picardie", kind="research")
    ProjectFactory(lead_actor=actor, title="Jardins publiés", slug="jardins-publie", published=True)
    ProjectFactory(
        lead_actor=actor, title="Jardins en brouillon", slug="jardins-brouillon", status=Project.Status.DRAFT
    )
    partnered = ProjectFactory(lead_actor=other, title="Recherche sur les sols", slug="sols", published=True)
    Partnership.objects.create(project=partnered, actor=actor, nature="terrain", role="Expérimentation")
    gone = ProjectFactory(lead_actor=other, title="Projet quitté", slug="ancien", published=True)
    Partnership.objects.create(
        project=gone, actor=actor, nature="x", role="y", status=Partnership.Status.LEFT
    )

    text = soup(client.get(f"/en/annuaire/{actor.slug}/")).get_text(" ")
    assert "Jardins publiés" in text
    assert "Recherche sur les sols" in text
    assert "Jardins en brouillon" not in text
    assert "Projet quitté" not in text
    client.force_login(Membership.objects.get(actor=actor).user)
    text = soup(client.get(f"/en/annuaire/{actor.slug}/")).get_text(" ")
    assert "Jardins en brouillon" in text


def test_query_count_does_not_grow_with_content(client, actor, django_assert_max_num_queries):
    client.force_login(Membership.objects.get(actor=actor).user)
    client.get(f"/annuaire/{actor.slug}/")  # the first request of a site creates its settings row
    # Session, user, actor, its commune and département, themes, offers, seeks, members count, projects,
    # two membership checks, then the site chrome and the Wagtail user bar's permissions, and the header's
    # unread counts (room messages, notifications); for its admins, the invitations waiting for its answer
    # and « Places qui vous correspondent » (the matching weights and resources, the structure's profile
    # in three, the open slots: none here); whether the person follows the actor (the « Suivre » button);
    # its upcoming events (and their themes, once there are some).
    with django_assert_max_num_queries(27):
        small = client.get(f"/annuaire/{actor.slug}/")
    assert small.status_code == 200
    actor.themes.set(Theme.objects.all())
    actor.offers.set(Resource.objects.all())
    actor.seeks.set(Resource.objects.all())
    for index in range(8):
        project = ProjectFactory(
            lead_actor=ActorFactory(name=f"Partenaire {index}"), slug=f"projet-{index}", published=True
        )
        Partnership.objects.create(project=project, actor=actor, nature="x", role="y")
        ProjectFactory(lead_actor=actor, slug=f"mene-{index}", published=True)
    for index in range(5):
        Membership.objects.create(user=UserFactory(email=f"membre{index}@jardins.example"), actor=actor)
    for index in range(3):
        EventFactory(host=actor, title=f"Rencontre {index}", themes=[Theme.objects.first()])
    with django_assert_max_num_queries(28):
        big = client.get(f"/annuaire/{actor.slug}/")
    assert big.content.decode().count('class="card"') == 19
