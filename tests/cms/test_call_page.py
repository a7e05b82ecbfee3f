"""The Wagtail call-for-projects page: staff add it under the home page and pick a ``Call``; it presents the
call as ``/appels/<slug>/`` does, and offers a logged-in editor their published projects."""

import pytest

from cms.models import CallPage
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_page(demo_site, open_call):
    page = CallPage(
        title="Appel à projets 2027", slug="appel-2027", call=open_call, intro="<p>Bienvenue.</p>"
    )
    demo_site.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("role", ["anonymous", "outsider", "lead_member", "staff"])
def test_the_call_page_presents_its_call_to_everyone(client, cast, call_page, role):
    if role != "anonymous":
        client.force_login(cast.user(role))
    response = client.get(call_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Appel à projets 2027" in html
    assert "Bienvenue." in html
    assert "Caractère innovant" in html
    assert call_page.call.label in html


def test_an_editor_is_offered_to_apply_from_the_call_page(client, cast, call_page, published):
    client.force_login(cast.lead_member)
    html = client.get(call_page.url).content.decode()
    assert f"/projets/{published.slug}/candidatures/nouvelle/{call_page.call.slug}/" in html


def test_a_call_presented_by_a_page_cannot_be_deleted(call_page):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        call_page.call.delete()
    assert CallFactory()  # other calls are unaffected
