"""A partner slot's page, its suggestions as JSON and ``manage.py suggest_partners``: who sees what, and at what
cost (query counts pinned, whatever the number of candidate structures)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import search
from ecosystem.matching import DEFAULTS, Weights, as_json, current_weights, suggest_for_slot
from ecosystem.matching.relevance import MAX_WORDS
from ecosystem.models import Actor, ActorKind, Membership, Project
from tests.factories import ActorFactory, PartnershipFactory, ProjectFactory, UserFactory
from tests.support.matching import sociology, sociology_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast, project, matching_place):
    """``project`` (the cast's, published, led from Amiens) with an open slot and two fitting structures; the
    lab's admin is ``candidate_admin``."""
    Actor.objects.filter(pk=cast.lead.pk).update(commune=matching_place["80021"])
    Project.objects.filter(pk=project.pk).update(status=Project.Status.PUBLISHED)
    project.refresh_from_db()
    resource = sociology()
    slot = sociology_slot(project, resource)
    cast.candidate_admin = UserFactory(email="admin@labo.example")
    labs = []
    for name, commune in (("Laboratoire d'Amiens", "80021"), ("Laboratoire d'Abbeville", "80001")):
        lab = ActorFactory(
            name=name,
            kind=ActorKind.RESEARCH,
            commune=matching_place[commune],
            admins=[cast.candidate_admin] if not labs else [],
        )
        lab.offers.set([resource])
        labs.append(lab)
    return {"project": project, "slot": slot, "labs": labs, "resource": resource, "place": matching_place}


def page_url(slot):
    return reverse("ecosystem:partnerslot_detail", args=[slot.project.slug, slot.pk])


def json_url(slot):
    return reverse("ecosystem:partnerslot_suggestions_json", args=[slot.project.slug, slot.pk])


def as_role(client, cast, role):
    user = cast.user(role) if role != "candidate_admin" else cast.candidate_admin
    if user is not None:
        client.force_login(user)
    return client


ROLES = ("anonymous", "outsider", "candidate_admin", "lead_member", "lead_admin", "partner_member", "staff")
# The project's people (members of the lead and of active partners) and staff see the suggestions.
SEES_SUGGESTIONS = {"lead_member", "lead_admin", "partner_member", "staff"}
# Among them, the project's editors (members of the lead, staff) get an « Inviter » link per suggestion.
EDITORS = {"lead_member", "lead_admin", "staff"}


@pytest.mark.parametrize("role", ROLES)
def test_the_slot_page_shows_the_slot_to_everyone_and_the_suggestions_to_the_projects_people(
    client, cast, scene, role
):
    response = as_role(client, cast, role).get(page_url(scene["slot"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Laboratoire de sociologie" in html
    assert "Sociologie des mobilités" in html  # what the slot seeks
    invite = reverse("ecosystem:invitation_create", args=[scene["project"].slug])
    assert (f"{invite}?structure={scene['labs'][0].slug}&amp;place={scene['slot'].pk}" in html) is (
        role in EDITORS
    )
    if role in SEES_SUGGESTIONS:
        assert "Partenaires suggérés" in html
        assert "Pourquoi cette suggestion ?" in html
        assert html.index("Laboratoire d&#x27;Amiens") < html.index("Laboratoire d&#x27;Abbeville")
        assert "Propose « Sociologie des mobilités », que la place recherche" in html
    else:
        assert "Partenaires suggérés" not in html
        assert "Laboratoire d&#x27;Amiens" not in html


@pytest.mark.parametrize("role", ROLES)
def test_the_suggestions_json_answers_the_projects_people_only(client, cast, scene, role):
    response = as_role(client, cast, role).get(json_url(scene["slot"]))

    if role not in SEES_SUGGESTIONS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert [row["slug"] for row in data] == [lab.slug for lab in scene["labs"]]
    assert data == as_json(suggest_for_slot(scene["slot"]))
    assert set(data[0]) == {"slug", "name", "score", "parts"}
    assert data[0]["score"] == pytest.approx(sum(data[0]["parts"].values()), abs=1e-3)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "candidate_admin"])
def test_a_draft_projects_slot_is_not_found_by_outsiders(client, cast, scene, role):
    Project.objects.filter(pk=scene["project"].pk).update(status=Project.Status.DRAFT)
    client = as_role(client, cast, role)

    assert client.get(page_url(scene["slot"])).status_code == 404
    assert client.get(json_url(scene["slot"])).status_code == 404


@pytest.mark.parametrize("role", ["lead_member", "partner_member"])
def test_a_draft_projects_slot_is_open_to_its_people(client, cast, scene, role):
    Project.objects.filter(pk=scene["project"].pk).update(status=Project.Status.DRAFT)
    client = as_role(client, cast, role)

    assert client.get(page_url(scene["slot"])).status_code == 200
    assert client.get(json_url(scene["slot"])).status_code == 200


@pytest.mark.parametrize("view", ["ecosystem:partnerslot_detail", "ecosystem:partnerslot_suggestions_json"])
def test_a_forged_closed_or_other_projects_slot_is_not_found(client, cast, scene, view):
    client.force_login(cast.lead_member)
    project, slot = scene["project"], scene["slot"]
    other = sociology_slot(ProjectFactory(title="Autre projet", published=True), scene["resource"])
    closed = sociology_slot(project, scene["resource"], title="Place pourvue", is_open=False)

    for pk in (other.pk, closed.pk, 999_999):
        assert client.get(reverse(view, args=[project.slug, pk])).status_code == 404
    assert client.get(reverse(view, args=["projet-inconnu", slot.pk])).status_code == 404


def test_the_slot_lists_link_to_the_slot_page(client, cast, scene):
    client.force_login(cast.lead_member)
    slot = scene["slot"]

    editors = client.get(reverse("ecosystem:partnerslot_list", args=[slot.project.slug])).content.decode()
    public = client.get(slot.project.get_absolute_url()).content.decode()

    assert page_url(slot) in editors
    assert page_url(slot) in public


def test_suggest_partners_prints_the_same_json_as_the_endpoint(client, cast, scene):
    out = StringIO()
    call_command("suggest_partners", "--slot", str(scene["slot"].pk), "--json", stdout=out)
    client.force_login(cast.lead_member)

    assert json.loads(out.getvalue()) == client.get(json_url(scene["slot"])).json()
    assert [row["name"] for row in json.loads(out.getvalue())] == [lab.name for lab in scene["labs"]]


def test_suggest_partners_explains_in_plain_text_and_rejects_an_unknown_slot(scene):
    out = StringIO()
    call_command("suggest_partners", "--slot", str(scene["slot"].pk), "--limit", "1", stdout=out)

    assert out.getvalue().startswith(" 1. Laboratoire d'Amiens")
    assert "Propose « Sociologie des mobilités », que la place recherche" in out.getvalue()
    with pytest.raises(CommandError, match="No partner slot with id 999999"):
        call_command("suggest_partners", "--slot", "999999", "--json", stdout=StringIO())


def _more_labs(scene, count):
    for n in range(count):
        lab = ActorFactory(name=f"Laboratoire {n}", kind=ActorKind.RESEARCH, commune=scene["place"]["80131"])
        lab.offers.set([scene["resource"]])


# The ranking's own queries: the weights; the resources; the slot, its places (two); what it seeks; the
# consortium (partnerships, then its profiles: rows, offers, seeks); the ties (projects, partnerships); the
# candidates' light rows and the sought resources they offer (the bounds); one batch of full profiles (rows,
# offers, seeks: ranking.CANDIDATE_BATCH candidates at first, then twice as many per batch, so a few batches
# at most on a large set); the winners' rows. Plus the database search backend's, a few per word of the slot
# (at most MAX_WORDS words): they depend on the slot's words, never on the candidates.
RANKING_QUERIES = 18


def test_ranking_a_slot_takes_the_same_queries_whatever_the_number_of_candidates(
    scene, django_assert_num_queries
):
    search.rebuild()
    with CaptureQueriesContext(connection) as few:
        suggest_for_slot(scene["slot"])
    _more_labs(scene, 12)
    search.rebuild()

    with django_assert_num_queries(len(few.captured_queries)):
        suggestions = suggest_for_slot(scene["slot"], limit=20)
    assert len(suggestions) == 14
    own = [q for q in few.captured_queries if "search_index" not in q["sql"]]
    assert len(own) == RANKING_QUERIES
    assert len(few.captured_queries) - len(own) <= 4 * MAX_WORDS


def test_the_slot_page_takes_the_same_queries_whatever_the_number_of_candidates(client, cast, scene):
    client.force_login(cast.lead_member)
    client.get(
        page_url(scene["slot"])
    )  # the session and the site settings are cached after the first request
    with CaptureQueriesContext(connection) as few:
        assert client.get(page_url(scene["slot"])).status_code == 200
    _more_labs(scene, 12)

    with CaptureQueriesContext(connection) as many:
        assert client.get(page_url(scene["slot"])).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the other side: « Places qui vous correspondent » ----------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "outsider", "lab_member", "candidate_admin", "staff"])
def test_a_structures_page_shows_the_slots_that_fit_it_to_its_admins_only(client, cast, scene, role):
    lab = scene["labs"][0]
    member = UserFactory(email="membre@labo.example")
    Membership.objects.create(user=member, actor=lab, role=Membership.Role.MEMBER)
    if role == "lab_member":
        client.force_login(member)
    else:
        as_role(client, cast, role)

    html = client.get(lab.get_absolute_url()).content.decode()

    shown = role in {"candidate_admin", "staff"}
    assert ("Places qui vous correspondent" in html) is shown
    assert (page_url(scene["slot"]) in html) is shown
    if shown:
        assert "Propose « Sociologie des mobilités », que la place recherche" in html
        assert "Pourquoi cette suggestion ?" in html
    interest = reverse("ecosystem:interest_create", args=[scene["project"].slug, scene["slot"].pk])
    # « Je suis intéressé·e » speaks for the structure: its admins only (staff are no member of it).
    assert (f"{interest}?structure={lab.slug}" in html) is (role == "candidate_admin")


def test_my_space_lists_the_slots_that_fit_each_structure_i_administer(client, cast, scene):
    client.force_login(cast.candidate_admin)

    html = client.get(reverse("ecosystem:dashboard")).content.decode()

    assert "Places qui vous correspondent" in html
    assert page_url(scene["slot"]) in html
    assert "Propose « Sociologie des mobilités », que la place recherche" in html
    interest = reverse("ecosystem:interest_create", args=[scene["project"].slug, scene["slot"].pk])
    assert f"{interest}?structure={scene['labs'][0].slug}" in html
    assert "Je suis intéressé·e par « Laboratoire de sociologie »" in html


def test_my_space_says_so_when_no_slot_fits(client, cast, scene):
    scene["slot"].is_open = False
    scene["slot"].save()
    client.force_login(cast.candidate_admin)

    html = client.get(reverse("ecosystem:dashboard")).content.decode()

    assert "Aucune place ouverte ne correspond à cette structure pour le moment." in html


def test_the_structures_page_takes_the_same_queries_whatever_the_number_of_slots(client, cast, scene):
    lab = scene["labs"][0]
    client.force_login(cast.candidate_admin)
    client.get(lab.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(lab.get_absolute_url())
    for n in range(5):
        project = ProjectFactory(
            title=f"Projet {n}", published=True, lead_actor=ActorFactory(name=f"Porteur {n}")
        )
        PartnershipFactory(project=project)
        sociology_slot(project, scene["resource"], scope="anywhere")

    with CaptureQueriesContext(connection) as many:
        html = client.get(lab.get_absolute_url()).content.decode()
    assert html.count("Pourquoi cette suggestion ?") == 5  # the first five of six
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the weights, in the Wagtail admin ---------------------------------------------------------------------


def test_staff_change_the_weights_in_the_wagtail_admin_and_the_ranking_follows(client, scene):
    admin = UserFactory(email="admin@region.example", is_staff=True, is_superuser=True)
    client.force_login(admin)
    form = client.get("/admin/settings/ecosystem/matchingsettings/", follow=True)  # Wagtail makes the row
    url = form.redirect_chain[-1][0]
    assert form.status_code == 200
    assert "Ce que la structure propose couvre les compétences" in form.content.decode()  # the help texts

    weights = {**DEFAULTS.as_dict(), "fit": 0, "newcomer": 12}
    too_big = client.post(url, weights)
    assert too_big.status_code == 200  # the form again, with its error
    assert current_weights() == DEFAULTS  # nothing saved

    weights["newcomer"] = 2
    assert client.post(url, weights).status_code == 302

    assert current_weights() == Weights(**weights)
    (first, *_rest) = suggest_for_slot(scene["slot"])
    assert first.parts["fit"] == 0
    assert first.parts["newcomer"] == 2
