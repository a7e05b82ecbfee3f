"""The home page's editors' choices: calls to action and featured projects (cms/home.py), as the demo fills them."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.forms.models import apply_limit_choices_to_to_formfield

from cms.demo_home import ensure_home_features
from cms.home import HomeFeaturedProject
from cms.models import HomePage
from ecosystem.models import Project
from tests.factories import ActorFactory, ProjectFactory, UserFactory

# The home page read by a visitor, measured then pinned: the featured projects and their cards in three
# queries, whatever their number; the header and footer from memory under the index generation (cms.chrome).
HOME_QUERIES = 17

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]


def soup(client, path="/"):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def actions(html):
    return [(a.get_text(strip=True), a["href"]) for a in html.select(".home-actions a")]


def featured(html):
    return [a.get_text(strip=True) for a in html.select(".home-featured .card h3 a")]


def feature(*projects, language="fr"):
    """What an editor does on the home page: choose its featured projects, and publish."""
    home = HomePage.objects.get(locale__language_code=language)
    home.featured_projects.set(
        [
            home.featured_projects.model(project=project, sort_order=order)
            for order, project in enumerate(projects)
        ]
    )
    home.save_revision().publish()


def test_the_demo_home_calls_visitors_to_join_find_a_partner_and_apply(client, demo_site):
    assert actions(soup(client)) == [
        ("Rejoindre Essaim", "/comptes/signup/"),
        ("Trouver un partenaire", "/annuaire/"),
        ("Candidater à l'appel", "/appels/"),
    ]
    assert actions(soup(client, "/en/")) == [
        ("Join Essaim", "/en/comptes/signup/"),
        ("Find a partner", "/en/annuaire/"),
        ("Apply to the call", "/en/appels/"),
    ]


def test_a_member_is_not_asked_to_join(client, demo_site):
    client.force_login(UserFactory())
    assert [text for text, _url in actions(soup(client))] == ["Trouver un partenaire", "Candidater à l'appel"]


def test_the_demo_features_public_projects_once(client, demo_site):
    lead = ActorFactory()
    ProjectFactory(title="Projet mûr", lead_actor=lead, published=True, start_date=datetime.date(2019, 1, 1))
    ProjectFactory(title="Projet brouillon", lead_actor=lead, start_date=datetime.date(2018, 1, 1))
    ensure_home_features()
    shown = featured(soup(client))
    assert "Projet mûr" in shown
    assert "Projet brouillon" not in shown
    ProjectFactory(
        title="Projet plus ancien", lead_actor=lead, published=True, start_date=datetime.date(2010, 1, 1)
    )
    assert ensure_home_features() == []  # the editors' (here, the first load's) choice stays
    assert featured(soup(client)) == shown


def test_featured_projects_show_in_the_editors_order_and_only_while_public(client, demo_site):
    lead = ActorFactory(name="Vélos solidaires")
    first = ProjectFactory(title="Atelier vélo", lead_actor=lead, published=True)
    second = ProjectFactory(title="Cantine partagée", lead_actor=lead, published=True)
    feature(second, first)
    assert featured(soup(client)) == ["Cantine partagée", "Atelier vélo"]
    second.status = Project.Status.DRAFT
    second.save()
    assert featured(soup(client)) == ["Atelier vélo"]
    lead.is_public = False
    lead.save()
    assert not soup(client).select(".home-featured")


def test_the_admin_offers_only_public_projects(demo_site):
    lead = ActorFactory()
    public = ProjectFactory(lead_actor=lead, published=True)
    draft = ProjectFactory(lead_actor=lead)
    formfield = HomeFeaturedProject._meta.get_field("project").formfield()
    apply_limit_choices_to_to_formfield(formfield)  # as the admin's form does
    offered = set(formfield.queryset.values_list("pk", flat=True))
    assert public.pk in offered
    assert draft.pk not in offered


def test_featured_projects_cost_no_query_each(client, demo_site, django_assert_num_queries):
    lead = ActorFactory()
    projects = [ProjectFactory(lead_actor=lead, published=True) for _ in range(4)]
    feature(projects[0])
    client.get("/")  # publishing empties Wagtail's caches (site root paths): warm them first
    with django_assert_num_queries(HOME_QUERIES):
        client.get("/")
    feature(*projects)
    client.get("/")
    with django_assert_num_queries(HOME_QUERIES):
        html = soup(client)
    assert len(featured(html)) == 4
