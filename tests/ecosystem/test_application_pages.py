"""The call pages (public) and a project's application pages: permission matrix, the deadline refusal that
keeps the typed text, documents served only to the people allowed (404 to the others)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ecosystem.actions import calls as actions
from ecosystem.models import Application, ApplicationDocument
from tests.support.casts import Cast

pytestmark = pytest.mark.django_db

ROLES = Cast.ROLES
# The project's editors (members of the lead structure) and staff see and write applications; nobody else.
ALLOWED = {"lead_member", "lead_admin", "staff"}
TEXT = {
    "phase": "experimentation",
    "partnership": "La coopérative anime, l'université évalue.",
    "research_collaboration": "Un laboratoire de sociologie.",
    "evaluation_plan": "Tous les six mois.",
    "impact_method": "Emplois et bénéficiaires.",
    "budget_summary": "80 000 €.",
}


def pdf(content=b"%PDF-1.7\n%%EOF\n"):
    return SimpleUploadedFile("budget.pdf", content, content_type="application/pdf")


@pytest.fixture
def application(cast, open_call, published):
    application = actions.create_application(cast.lead_member, open_call, published, TEXT)
    document = actions.attach_document(cast.lead_member, application, pdf(), "Budget détaillé")
    application.document = document
    return application


def urls(application):
    base = f"/projets/{application.project.slug}/candidatures/"
    return [
        base,
        f"{base}nouvelle/{application.call.slug}/",  # redirects to the existing application for those allowed
        f"{base}{application.pk}/",
        f"{base}{application.pk}/modifier/",
        f"{base}{application.pk}/documents/{application.document.pk}/",
    ]


def login(client, cast, role):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_application_pages(client, cast, application, role):
    login(client, cast, role)
    for url in urls(application):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert "/comptes/login/" in response["Location"], url
        elif role in ALLOWED:
            assert response.status_code in {200, 302}, url
        else:
            assert response.status_code == 404, url


@pytest.mark.parametrize("role", ["anonymous", "outsider", "partner_member"])
def test_posts_from_people_not_allowed_change_nothing(client, cast, application, role):
    login(client, cast, role)
    base = f"/projets/{application.project.slug}/candidatures/{application.pk}/"
    client.post(f"{base}modifier/", {**TEXT, "budget_summary": "Piraté", "submit": "1"})
    client.post(f"{base}retirer/")
    client.post(f"{base}documents/", {"title": "Intrus", "file": pdf()})
    client.post(f"{base}documents/{application.document.pk}/supprimer/")
    application.refresh_from_db()
    assert (application.status, application.budget_summary) == (Application.Status.DRAFT, "80 000 €.")
    assert list(ApplicationDocument.objects.values_list("title", flat=True)) == ["Budget détaillé"]


def test_the_document_is_served_to_the_allowed_as_a_private_pdf(client, cast, application):
    client.force_login(cast.lead_admin)
    response = client.get(urls(application)[-1])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_document_of_another_application_is_404(client, cast, application, django_user_model):
    from tests.factories import ApplicationFactory

    other = ApplicationFactory(call=application.call)
    foreign = actions.do_attach_document(other, pdf(), "Autre")
    client.force_login(cast.lead_member)
    url = f"/projets/{application.project.slug}/candidatures/{application.pk}/documents/{foreign.pk}/"
    assert client.get(url).status_code == 404


def test_an_editor_applies_through_the_pages_and_submits(client, cast, open_call, published):
    client.force_login(cast.lead_member)
    base = f"/projets/{published.slug}/candidatures/"
    listing = client.get(base).content.decode()
    assert open_call.title in listing
    response = client.post(f"{base}nouvelle/{open_call.slug}/", {**TEXT, "impact_method": ""})
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"{application.pk}/modifier/")
    response = client.post(f"{base}{application.pk}/modifier/", {**TEXT, "impact_method": "", "submit": "1"})
    assert response.status_code == 200
    assert "Obligatoire pour déposer la candidature." in response.content.decode()
    response = client.post(f"{base}{application.pk}/modifier/", {**TEXT, "submit": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_after_the_deadline_the_form_says_why_and_keeps_the_text(client, cast, application):
    call = application.call
    call.deadline = timezone.now() - datetime.timedelta(seconds=1)
    call.save()
    client.force_login(cast.lead_member)
    typed = "Un budget retravaillé que je ne veux pas perdre."
    response = client.post(
        f"/projets/{application.project.slug}/candidatures/{application.pk}/modifier/",
        {**TEXT, "budget_summary": typed, "submit": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "La date limite de l’appel" in html
    assert "Europe/Paris" in html
    assert typed in html
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_a_non_pdf_upload_is_refused_on_the_page(client, cast, application):
    client.force_login(cast.lead_member)
    response = client.post(
        f"/projets/{application.project.slug}/candidatures/{application.pk}/documents/",
        {
            "title": "Photo",
            "file": SimpleUploadedFile("photo.pdf", b"\xff\xd8\xff\xe0JFIF", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "Seuls les documents PDF sont acceptés." in response.content.decode()
    assert ApplicationDocument.objects.count() == 1


def test_withdraw_through_the_page(client, cast, application):
    client.force_login(cast.lead_admin)
    response = client.post(f"/projets/{application.project.slug}/candidatures/{application.pk}/retirer/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


@pytest.mark.parametrize("role", ROLES)
def test_the_call_pages_are_public(client, cast, open_call, role):
    login(client, cast, role)
    listing = client.get("/appels/")
    assert listing.status_code == 200
    assert open_call.title in listing.content.decode()
    page = client.get(f"/appels/{open_call.slug}/")
    assert page.status_code == 200
    assert "Caractère innovant" in page.content.decode()
    assert client.get("/appels/inconnu/").status_code == 404


def test_the_call_page_offers_an_editor_to_apply_with_their_published_project(
    client, cast, open_call, published
):
    client.force_login(cast.lead_member)
    html = client.get(f"/appels/{open_call.slug}/").content.decode()
    assert f"/projets/{published.slug}/candidatures/nouvelle/{open_call.slug}/" in html


def test_the_pages_have_a_constant_number_of_queries(client, cast, application, django_assert_num_queries):
    """Pinned with three calls; more calls, documents or projects do not add queries."""
    from tests.factories import CallFactory

    CallFactory.create_batch(2)
    CallFactory.create_batch(2, closed=True)
    client.force_login(cast.lead_member)
    base = f"/projets/{application.project.slug}/candidatures/"
    client.get("/appels/")  # the first page of a session loads the site's settings once
    # Each with the index generation the header and footer are kept under (cms.chrome): the factories write
    # no index, so there is no generation yet and the chrome is read on each page too.
    for url, queries in [
        ("/appels/", 10),
        (f"/appels/{application.call.slug}/", 13),
        (base, 13),
        (f"{base}{application.pk}/", 14),
    ]:
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
