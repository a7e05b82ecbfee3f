"""Projects: creating and editing with the call's fields, territories typed by name, publishing, partner
slots and supports — through the front office and the actions."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError

from ecosystem.actions import projects as actions
from ecosystem.forms.projects import SlotForm
from ecosystem.models import ActorKind, GeographicScope, Partnership, PartnerSlot, Project, Resource, Support
from tests.factories import ActorFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def project_data(**overrides):
    data = {
        "title": "Café des aidants",
        "summary": "Un lieu de répit pour les aidants.",
        "need": "Les aidants familiaux s'épuisent seuls.",
        "beneficiaries": "Aidants familiaux de la Somme.",
        "collective_dimension": "Comité de pilotage avec les aidants.",
        "organisational_innovation": "Binômes aidant-bénévole.",
        "territorial_anchoring": "Ancré dans trois centres sociaux.",
        "territories": "",
        "innovation_type": Project.InnovationType.UNMET_NEED,
        "phase": "experimentation",
        "action_type": Project.ActionType.RESEARCH,
        "start_date": "2023-09-01",
        "economic_model": "Subventions et cotisations.",
        "economic_model_stage": Project.EconomicModelStage.TESTING,
        "jobs_created": "2",
        "beneficiaries_reached": "140",
        "user_involvement": "Ateliers de co-conception avec les aidants.",
    }
    return data | overrides


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def errors_of(response) -> str:
    summary = BeautifulSoup(response.content, "html.parser").find(class_="error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


# --- creating and editing ----------------------------------------------------------------------------------


def test_a_member_creates_a_draft_for_their_structure_with_every_field(client, cast, territories):
    client.force_login(cast.lead_member)
    page = client.get("/projets/nouveau/").content.decode()
    options = [o.get_text() for o in BeautifulSoup(page, "html.parser").select("#id_lead_actor option")]
    assert "Association Porteuse" in options
    assert "Coopérative Partenaire" not in options  # not a member there

    response = client.post(
        "/projets/nouveau/",
        project_data(
            lead_actor=cast.lead.pk,
            themes=[cast.theme.pk],
            territories="Amiens\nSomme (80); CA Amiens Métropole",
        ),
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/projets/{project.slug}/"
    assert project.slug == "cafe-des-aidants"
    assert project.status == Project.Status.DRAFT
    assert project.lead_actor == cast.lead
    assert project.created_by == cast.lead_member
    assert project.jobs_created == 2
    assert project.beneficiaries_reached == 140
    assert project.economic_model_stage == "testing"
    assert str(project.start_date) == "2023-09-01"
    assert list(project.themes.all()) == [cast.theme]
    assert sorted(project.territories_served.values_list("code", flat=True)) == ["248000531", "80", "80021"]
    assert not Partnership.objects.filter(project=project).exists()  # the lead is not its own partner
    assert 'data-status="draft"' in client.get(response["Location"]).content.decode()


def test_someone_without_a_structure_is_told_to_create_one_first(client, cast):
    client.force_login(cast.outsider)
    html = client.get("/projets/nouveau/").content.decode()
    assert 'href="/structures/nouvelle/"' in html
    assert 'name="title"' not in html
    client.post("/projets/nouveau/", project_data(lead_actor=cast.lead.pk))
    assert not Project.objects.exists()


def test_a_member_cannot_create_a_project_for_another_structure(client, cast):
    client.force_login(cast.lead_member)
    response = client.post("/projets/nouveau/", project_data(lead_actor=cast.other.pk))
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select("#id_lead_actor[aria-invalid=true]")
    assert not Project.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.create_project(cast.lead_member, cast.other, {"title": "Détourné"})


def test_a_draft_may_be_incomplete_but_the_form_keeps_what_was_typed_on_error(client, cast):
    client.force_login(cast.lead_member)
    response = client.post(
        "/projets/nouveau/",
        project_data(lead_actor=cast.lead.pk, need="", summary="", territories="Ville Imaginaire"),
    )
    assert response.status_code == 200
    assert "Ville Imaginaire" in errors_of(response)
    assert 'value="Café des aidants"' in response.content.decode()
    assert not Project.objects.exists()

    client.post("/projets/nouveau/", project_data(lead_actor=cast.lead.pk, need="", summary=""))
    assert Project.objects.get().need == ""


def test_slugs_are_unique_and_never_shadow_the_creation_page(cast):
    first = actions.create_project(cast.lead_member, cast.lead, {"title": "Café des aidants"})
    second = actions.create_project(cast.lead_member, cast.lead, {"title": "Café des aidants"})
    reserved = actions.create_project(cast.lead_member, cast.lead, {"title": "Nouveau"})
    assert (first.slug, second.slug) == ("cafe-des-aidants", "cafe-des-aidants-2")
    assert reserved.slug == "nouveau-2"


def test_ambiguous_and_unknown_territories_are_explained_with_what_to_type(
    client, cast, project, territories
):
    client.force_login(cast.lead_admin)
    url = f"/projets/{project.slug}/modifier/"
    errors = errors_of(client.post(url, project_data(territories="Saint-Just")))
    assert "Saint-Just (80700)" in errors
    assert "Saint-Just (60581)" in errors
    errors = errors_of(client.post(url, project_data(territories="Abeville")))
    assert "Abeville" in errors
    assert not project.territories_served.exists()

    client.post(url, project_data(territories="Saint-Just (60581)\nst just (80)"))
    assert sorted(project.territories_served.values_list("code", flat=True)) == ["60581", "80700"]
    # The edit form shows them back in a form that resolves to the same rows.
    html = client.get(url).content.decode()
    textarea = BeautifulSoup(html, "html.parser").find("textarea", attrs={"name": "territories"}).get_text()
    client.post(url, project_data(territories=textarea))
    assert sorted(project.territories_served.values_list("code", flat=True)) == ["60581", "80700"]


def test_editing_keeps_the_slug_and_updates_the_fields(client, cast, project):
    client.force_login(cast.lead_member)
    response = client.post(
        f"/projets/{project.slug}/modifier/", project_data(title="Nouveau titre", phase="evaluation")
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.slug, project.phase) == ("Nouveau titre", "cafe-des-aidants", "evaluation")


# --- publishing --------------------------------------------------------------------------------------------


def test_publishing_needs_summary_need_and_beneficiaries(client, cast):
    incomplete = ProjectFactory(lead_actor=cast.lead, title="Projet en friche", need="", beneficiaries="")
    client.force_login(cast.lead_member)
    response = client.post(f"/projets/{incomplete.slug}/publier/", follow=True)
    incomplete.refresh_from_db()
    assert incomplete.status == Project.Status.DRAFT
    error = BeautifulSoup(response.content, "html.parser").find(class_="message--error").get_text()
    assert str(Project._meta.get_field("need").verbose_name) in error
    assert str(Project._meta.get_field("beneficiaries").verbose_name) in error
    assert str(Project._meta.get_field("summary").verbose_name) not in error

    incomplete.need, incomplete.beneficiaries = "Un besoin.", "Des personnes."
    incomplete.save()
    client.post(f"/projets/{incomplete.slug}/publier/")
    incomplete.refresh_from_db()
    assert incomplete.status == Project.Status.PUBLISHED

    client.post(f"/projets/{incomplete.slug}/depublier/")
    incomplete.refresh_from_db()
    assert incomplete.status == Project.Status.DRAFT


def test_a_published_project_cannot_lose_what_publishing_requires(client, cast):
    published = ProjectFactory(lead_actor=cast.lead, title="Projet publié", published=True)
    client.force_login(cast.lead_member)
    response = client.post(
        f"/projets/{published.slug}/modifier/", project_data(title="Projet publié", need="")
    )
    assert response.status_code == 200
    assert errors_of(response)
    published.refresh_from_db()
    assert published.need
    assert published.is_published


def test_publish_action_names_the_missing_fields(cast):
    incomplete = ProjectFactory(lead_actor=cast.lead, title="Sans résumé", summary="")
    with pytest.raises(ValidationError) as error:
        actions.publish_project(cast.lead_admin, incomplete)
    assert str(Project._meta.get_field("summary").verbose_name) in str(error.value)
    with pytest.raises(PermissionDenied):
        actions.publish_project(cast.partner_member, incomplete)


# --- partner slots -----------------------------------------------------------------------------------------


def test_editors_open_edit_close_and_reopen_a_partner_slot(client, cast, project, territories):
    resource = Resource.objects.order_by("pk").first()
    client.force_login(cast.lead_member)
    response = client.post(
        f"/projets/{project.slug}/places/nouvelle/",
        {
            "title": "Un laboratoire pour évaluer l'impact",
            "kinds": [ActorKind.RESEARCH, ActorKind.INNOVATION_LAB],
            "seeks": [resource.pk],
            "tags": "évaluation d'impact, enquêtes ; évaluation d'impact",
            "scope": GeographicScope.DEPARTEMENT,
            "around": "Amiens",
            "description": "Pour mesurer les effets sur les aidants.",
        },
    )
    assert response.status_code == 302
    slot = PartnerSlot.objects.get(project=project)
    assert slot.kinds == ["research", "innovation_lab"]
    assert list(slot.seeks.all()) == [resource]
    assert slot.seeks_tags == ["évaluation d'impact", "enquêtes"]
    assert slot.scope_territory == territories["80021"]
    assert slot.is_open

    project.status = Project.Status.PUBLISHED
    project.save()
    page = text_of(client.get(f"/projets/{project.slug}/"))
    assert "Un laboratoire pour évaluer l'impact" in page
    assert "Amiens" in page

    client.post(
        f"/projets/{project.slug}/places/{slot.pk}/modifier/",
        {"title": "Un labo de recherche", "kinds": [ActorKind.RESEARCH], "scope": GeographicScope.REGION},
    )
    slot.refresh_from_db()
    assert (slot.title, slot.kinds, slot.scope, slot.scope_territory) == (
        "Un labo de recherche",
        ["research"],
        "region",
        None,
    )
    assert not slot.seeks.exists()

    client.post(f"/projets/{project.slug}/places/{slot.pk}/fermer/")
    slot.refresh_from_db()
    assert not slot.is_open
    assert "Un labo de recherche" not in client.get(f"/projets/{project.slug}/").content.decode()
    client.post(f"/projets/{project.slug}/places/{slot.pk}/rouvrir/")
    slot.refresh_from_db()
    assert slot.is_open


def test_a_slot_needs_a_title_and_a_known_territory(client, cast, project, territories):
    client.force_login(cast.lead_member)
    response = client.post(
        f"/projets/{project.slug}/places/nouvelle/",
        {"title": "", "scope": GeographicScope.COMMUNE, "around": "Atlantide"},
    )
    errors = errors_of(response)
    assert "Atlantide" in errors
    assert not PartnerSlot.objects.exists()


# --- supports ----------------------------------------------------------------------------------------------


def test_editors_record_a_support_structure_for_a_phase(client, cast, project):
    client.force_login(cast.lead_admin)
    url = f"/projets/{project.slug}/accompagnements/"
    response = client.post(
        url,
        {
            "support_actor": "incubateur social",
            "phase": "emergence",
            "start_date": "2023-01-15",
            "end_date": "2023-12-31",
            "description": "Hébergement et mentorat.",
        },
    )
    assert response.status_code == 302
    support = Support.objects.get()
    assert (support.support_actor, support.phase, support.description) == (
        cast.incubator,
        "emergence",
        "Hébergement et mentorat.",
    )
    page = client.get(f"/projets/{project.slug}/").content.decode()
    assert "Incubateur Social" in page
    assert "Hébergement et mentorat." in page

    client.post(f"{url}{support.pk}/retirer/")
    assert not Support.objects.exists()


def test_only_support_structures_with_a_coherent_period_can_be_recorded(client, cast, project):
    client.force_login(cast.lead_admin)
    url = f"/projets/{project.slug}/accompagnements/"
    errors = errors_of(client.post(url, {"support_actor": "Université Voisine", "phase": "emergence"}))
    assert "Université Voisine" in errors
    errors = errors_of(
        client.post(
            url,
            {
                "support_actor": "Incubateur Social",
                "phase": "emergence",
                "start_date": "2024-05-01",
                "end_date": "2024-01-01",
            },
        )
    )
    assert errors
    assert not Support.objects.exists()
    with pytest.raises(ValidationError):
        actions.add_support(cast.lead_admin, project, {"support_actor": cast.other, "phase": "emergence"})


def test_staff_without_a_structure_cannot_pick_a_lead_but_may_edit(client, cast, project):
    client.force_login(cast.staff)
    assert 'href="/structures/nouvelle/"' in client.get("/projets/nouveau/").content.decode()
    response = client.post(f"/projets/{project.slug}/modifier/", project_data(title="Revu par la Région"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Revu par la Région"


def test_a_second_structure_member_sees_both_structures(client, cast):
    user = UserFactory(email="double@example.org")
    ActorFactory(name="Autre Structure", members=[user])
    ActorFactory(name="Encore Une", admins=[user])
    client.force_login(user)
    html = client.get("/projets/nouveau/").content.decode()
    options = [o.get_text() for o in BeautifulSoup(html, "html.parser").select("#id_lead_actor option")]
    assert [o for o in options if o.strip("-")] == ["Autre Structure", "Encore Une"]


def test_checkbox_groups_are_fieldsets_named_by_their_legend(client, cast, project):
    client.force_login(cast.lead_member)
    soup = BeautifulSoup(client.get(f"/projets/{project.slug}/places/nouvelle/").content, "html.parser")
    legends = {fieldset.legend.get_text(" ", strip=True) for fieldset in soup.select("main form fieldset")}
    assert str(SlotForm.base_fields["kinds"].label) in legends
    assert str(SlotForm.base_fields["seeks"].label) in legends
    assert not soup.select('main form label[for=""]')
