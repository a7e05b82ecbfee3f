"""Following and « Mon fil »: activities written by the actions, visibility re-checked at read time,
territory containment, the « Suivre » button, the feed page and the Atom feeds."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecosystem import feed
from ecosystem.actions import follows
from ecosystem.actions import projects as project_actions
from ecosystem.actions.activity import record_activity
from ecosystem.actions.partnerships import do_add_partner
from ecosystem.models import Activity, Follow, Project
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
Kind = Activity.Kind


def publish(project):
    project_actions.do_set_published(project, True)
    project.refresh_from_db()


def kinds(activities):
    return [a.kind for a in activities]


def test_the_actions_write_one_activity_per_fact(cast, project):
    publish(project)
    publish(project)  # already published: no second fact
    project_actions.do_update_project(project, {"phase": "evaluation"})
    project_actions.do_update_project(project, {"phase": "evaluation"})  # unchanged: nothing
    project_actions.do_open_slot(project, {"title": "Un laboratoire"})
    do_add_partner(project, cast.other, nature="scientifique", role="évaluation")
    activities = list(Activity.objects.order_by("pk"))
    assert kinds(activities) == [
        Kind.PROJECT_PUBLISHED,
        Kind.PHASE_CHANGED,
        Kind.SLOT_OPENED,
        Kind.PARTNERSHIP_FORMED,
    ]
    assert activities[1].payload == {"phase": "evaluation"}
    assert activities[3].actor == cast.other
    assert feed.sentence(activities[2]) == "« Café des aidants » recherche un partenaire : Un laboratoire."


def test_a_refused_write_leaves_no_activity(project):
    project.summary = ""
    project.save()
    with pytest.raises(ValidationError):  # the summary is missing
        publish(project)
    assert not Activity.objects.exists()


def test_following_a_theme_brings_its_projects_and_a_draft_leaves_at_once(cast, project):
    reader = UserFactory()
    follows.follow(reader, cast.theme)
    project.themes.add(cast.theme)
    publish(project)
    assert kinds(feed.personal_feed(reader)) == [Kind.PROJECT_PUBLISHED]
    project_actions.do_set_published(project, False)
    assert list(feed.personal_feed(reader)) == []
    assert list(feed.public_feed()) == []


def test_a_territory_includes_what_lies_inside_it(cast, project, territories):
    somme, oise, amiens = territories["80"], territories["60"], territories["80021"]
    inside, outside = UserFactory(), UserFactory()
    follows.follow(inside, somme)
    follows.follow(outside, oise)
    project.territories_served.set([amiens])
    publish(project)
    assert kinds(feed.personal_feed(inside)) == [Kind.PROJECT_PUBLISHED]
    assert list(feed.personal_feed(outside)) == []


def test_following_a_structure_and_a_project(cast, project):
    by_actor, by_project = UserFactory(), UserFactory()
    publish(project)
    follows.follow(by_actor, cast.partner)
    follows.follow(by_project, project)
    project_actions.do_open_slot(project, {"title": "Un financeur"})
    # The partner's follower sees what concerns the partner itself, not every fact of the projects it is in.
    assert list(feed.personal_feed(by_actor)) == []
    assert kinds(feed.personal_feed(by_project)) == [Kind.SLOT_OPENED, Kind.PROJECT_PUBLISHED]
    assert kinds(feed.personal_feed(by_project, Kind.SLOT_OPENED)) == [Kind.SLOT_OPENED]


@pytest.mark.parametrize(
    "role", ["anonymous", "outsider", "lead_member", "lead_admin", "partner_member", "staff"]
)
def test_a_drafts_activity_is_seen_only_by_its_people(cast, project, role):
    project_actions.do_open_slot(project, {"title": "Un laboratoire"})  # the project is a draft
    user = cast.user(role)
    sees = role in {"lead_member", "lead_admin", "partner_member", "staff"}
    assert feed.visible_activities(user).exists() is sees
    if user is not None:
        follows.do_follow(user, project)  # followed while it was public, say
        assert feed.personal_feed(user).exists() is sees
    assert not feed.public_feed().exists()


def test_a_private_structure_may_not_be_followed_and_its_facts_stay_private(cast):
    hidden = cast.lead
    hidden.is_public = False
    hidden.save()
    record_activity(Kind.PROJECT_PUBLISHED, actor=hidden)
    with pytest.raises(PermissionDenied):
        follows.follow(cast.outsider, hidden)
    assert not feed.visible_activities(cast.outsider).exists()
    assert feed.visible_activities(cast.lead_member).exists()


def test_follow_button_and_feed_page(client, cast, project):
    publish(project)
    page = reverse("directory:project_detail", args=[project.slug])
    client.force_login(cast.outsider)
    html = BeautifulSoup(client.get(page).content, "html.parser")
    form = html.find("form", action=reverse("ecosystem:follow_toggle"))
    data = {i["name"]: i.get("value", "") for i in form.find_all("input")}
    assert form.button.get_text(" ", strip=True) == "Suivre Café des aidants"
    response = client.post(form["action"], data)
    assert response.status_code == 302
    assert response["Location"] == page
    assert Follow.objects.get(user=cast.outsider).project == project
    html = BeautifulSoup(client.get(page).content, "html.parser")
    assert "Ne plus suivre" in html.find("form", action=reverse("ecosystem:follow_toggle")).get_text()
    feed_page = client.get(reverse("ecosystem:my_feed"))
    text = BeautifulSoup(feed_page.content, "html.parser").get_text(" ", strip=True)
    assert "Association Porteuse a publié le projet « Café des aidants »." in text
    client.post(form["action"], {**data, "follow": "0"})
    assert not Follow.objects.exists()


def test_following_a_draft_one_may_not_see_is_404_and_saves_nothing(client, cast, project):
    client.force_login(cast.outsider)
    url = reverse("ecosystem:follow_toggle")
    response = client.post(url, {"target": "project", "id": project.pk, "follow": "1"})
    assert response.status_code == 404
    assert client.post(url, {"target": "nothing", "id": "1", "follow": "1"}).status_code == 404
    assert not Follow.objects.exists()
    client.logout()
    assert client.post(url, {"target": "project", "id": project.pk, "follow": "1"}).status_code == 302
    assert client.get(reverse("ecosystem:my_feed")).status_code == 302  # to the login page
    assert not Follow.objects.exists()


def test_following_a_theme_and_a_territory_from_the_feed_page(client, cast, territories):
    client.force_login(cast.outsider)
    url = reverse("ecosystem:my_feed")
    client.post(url, {"theme": cast.theme.pk})
    client.post(url, {"place": "Somme"})
    response = client.post(url, {"place": "Nulle-Part-sur-Mer"})
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").find(class_="field__errors")
    assert {str(f.target) for f in Follow.objects.filter(user=cast.outsider)} == {
        str(cast.theme),
        "Somme (80)",
    }


def test_the_feed_page_costs_the_same_whatever_its_length(client, django_assert_num_queries, cast):
    reader = cast.outsider
    follows.follow(reader, cast.theme)
    client.force_login(reader)

    def publish_one(number):
        project = ProjectFactory(lead_actor=cast.lead, title=f"Projet {number}")
        project.themes.add(cast.theme)
        publish(project)

    publish_one(0)
    client.get(reverse("ecosystem:my_feed"))  # warm the session and the caches
    # 13 with the index generation, under which the header and footer are kept (cms.chrome); the factories
    # write no index, so there is no generation yet and the chrome is read on each page too.
    with django_assert_num_queries(13) as first:
        client.get(reverse("ecosystem:my_feed"))
    for number in range(1, 25):
        publish_one(number)
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(reverse("ecosystem:my_feed"))
    soup = BeautifulSoup(page.content, "html.parser")
    assert len(soup.select(".activity")) == 20
    assert soup.find("a", rel="next")["href"] == "?page=2"
    assert (
        len(
            BeautifulSoup(client.get(reverse("ecosystem:my_feed") + "?page=2").content, "html.parser").select(
                ".activity"
            )
        )
        == 5
    )


def test_atom_feeds_show_public_facts_only(client, cast, project, territories):
    project.themes.add(cast.theme)
    project.territories_served.set([territories["80021"]])
    assert client.get(reverse("ecosystem:project_atom", args=[project.slug])).status_code == 404  # a draft
    publish(project)
    for url in (
        reverse("ecosystem:project_atom", args=[project.slug]),
        reverse("ecosystem:actor_atom", args=[cast.lead.slug]),
        reverse("ecosystem:theme_atom", args=[cast.theme.slug]),
        reverse("ecosystem:territory_atom", args=["departement", "80"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/atom+xml")
        assert "Association Porteuse a publié le projet « Café des aidants »." in response.content.decode()
    assert (
        client.get(reverse("ecosystem:territory_atom", args=["departement", "60"])).content.count(b"<entry>")
        == 0
    )
    Project.objects.filter(pk=project.pk).update(status=Project.Status.DRAFT)
    assert b"<entry>" not in client.get(reverse("ecosystem:theme_atom", args=[cast.theme.slug])).content


def test_the_home_page_shows_the_public_news(client, cast, project, demo_site):
    publish(project)
    project_actions.do_open_slot(project, {"title": "Un laboratoire"})
    ProjectFactory(lead_actor=cast.lead, title="Brouillon secret")
    record_activity(
        Kind.SLOT_OPENED, project=Project.objects.get(title="Brouillon secret"), payload={"title": "x"}
    )
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    news = soup.find("section", class_="ecosystem-news")
    assert news.h2.get_text(strip=True) == "Dernières nouvelles de l'écosystème"
    items = [li.a.get_text(strip=True) for li in news.select(".activity")]
    assert items == [
        "« Café des aidants » recherche un partenaire : Un laboratoire.",
        "Association Porteuse a publié le projet « Café des aidants ».",
    ]
    assert news.select_one(".activity a")["href"] == f"/projets/{project.slug}/"


def test_the_personal_data_export_holds_follows_email_choices_and_reports(cast, project):
    from ecosystem.actions.email_preferences import update_email_preferences
    from ecosystem.actions.moderation import report_content
    from ecosystem.actions.personal_data import export_personal_data

    person = cast.outsider
    follows.follow(person, cast.theme)
    update_email_preferences(person, digest="daily", language="en", deliveries={"mention": "never"})
    publish(project)
    report_content(person, project, reason="spam", comment="Pub")
    data = export_personal_data(person)
    assert data["follows"][0]["kind"] == "theme"
    assert data["follows"][0]["target"] == str(cast.theme)
    assert data["email_settings"][0]["digest"] == "daily"
    assert data["email_preferences"] == {"mention": "never"}
    assert data["reports_made"] == [
        {
            "content": "Café des aidants",
            "reason": "spam",
            "comment": "Pub",
            "created_at": data["reports_made"][0]["created_at"],
        }
    ]
