"""Who sees a project on the project list: every kind of person × draft and published.

A published project of a public structure is a search result for everyone; a draft is never a search
result, and only the project's people (and staff) see it, in the "not listed publicly" part of the page.
"""

import pytest
from bs4 import BeautifulSoup

import search
from ecosystem.models import Project
from tests.support.casts import Cast

pytestmark = pytest.mark.django_db

PROJECT_PEOPLE = {"lead_member", "lead_admin", "partner_member", "staff"}


@pytest.fixture(params=("draft", "published"))
def state(request, project):
    if request.param == "published":
        project.status = Project.Status.PUBLISHED
        project.save()
    search.rebuild()
    return request.param


@pytest.mark.parametrize("role", Cast.ROLES)
def test_the_list_shows_a_draft_only_to_the_project_people(client, cast, project, state, role):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get("/projets/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    link = f'a[href="/projets/{project.slug}/"]'
    in_results = bool(soup.select(f"#project-results {link}"))
    in_private = bool(soup.select(f".directory-private {link}"))
    assert in_results == (state == "published")
    assert in_private == (state == "draft" and role in PROJECT_PEOPLE)
