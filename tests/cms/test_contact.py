"""The contact page shows the site's address and a form that reaches the staff by email, rate-limited.

Bad input and the rate limit keep what was typed and say why; nothing is sent then.
"""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from cms.models import SiteChrome
from ecosystem.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

MESSAGE = {
    "name": "Léa Martin",
    "email": "lea@asso.example",
    "subject": "Appel à projets",
    "message": "Bonjour, notre tiers-lieu peut-il candidater ?",
}


def page_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_the_contact_page_shows_the_address_and_a_form(client, demo_site):
    page = page_of(client.get("/contact/"))
    assert page.select_one("main a[href='mailto:contact@essaim.localhost']") is not None
    form = page.select_one("main form[method=post]")
    assert {field["name"] for field in form.select("input, textarea") if field.get("type") != "hidden"} >= {
        "name",
        "email",
        "subject",
        "message",
    }


def test_a_message_reaches_the_staff_address_with_the_sender_to_reply_to(client, demo_site):
    response = client.post("/contact/", MESSAGE)
    assert response.status_code == 302
    assert response["Location"] == "/contact/"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["contact@essaim.localhost"]
    assert sent.reply_to == ["lea@asso.example"]
    assert "notre tiers-lieu peut-il candidater" in sent.body
    assert "Votre message a été envoyé" in page_of(client.get("/contact/")).get_text()


def test_without_a_site_address_the_staff_receive_it(client, demo_site):
    SiteChrome.objects.update(contact_email="")
    client.post("/contact/", MESSAGE)
    staff = set(User.objects.filter(is_staff=True, is_active=True).values_list("email", flat=True))
    assert staff
    assert set(mail.outbox[0].to) == staff


def test_bad_input_keeps_the_text_and_sends_nothing(client, demo_site):
    response = client.post("/contact/", MESSAGE | {"email": "pas-une-adresse"})
    assert response.status_code == 200
    page = page_of(response)
    assert page.select_one(".error-summary") is not None
    assert page.select_one("textarea[name=message]").get_text().lstrip("\n") == MESSAGE["message"]
    assert not mail.outbox


def test_the_rate_limit_counts_per_address_and_per_person(client, demo_site, settings):
    settings.CONTACT_RATE = "2/3600"
    for _ in range(2):
        assert client.post("/contact/", MESSAGE).status_code == 302
    refused = client.post("/contact/", MESSAGE | {"subject": "Troisième"})
    assert refused.status_code == 429
    page = page_of(refused)
    assert "réessayer dans une heure" in page.get_text()
    assert page.select_one("input[name=subject]")["value"] == "Troisième"
    assert len(mail.outbox) == 2
    # Another address is not held back by this one; a logged-in person is counted on their own too.
    person = User.objects.create_user(email="lea@asso.example", password="x" * 20)
    client.force_login(person)
    other = {"REMOTE_ADDR": "10.0.0.9"}
    assert client.post("/contact/", MESSAGE, **other).status_code == 302
    assert client.post("/contact/", MESSAGE, **other).status_code == 302
    assert client.post("/contact/", MESSAGE, REMOTE_ADDR="10.0.0.10").status_code == 429
