"""Date inputs carry ISO values whatever the language.

A browser only understands ``yyyy-mm-dd`` in ``<input type="date">`` (and ``yyyy-mm-ddThh:mm`` in
``datetime-local``): a French « 06/12/2026 » shows as a blank field, and the first submit fails with
« Champ requis ». The site's form renderer formats every such widget in ISO, for every form.
"""

import datetime
import re

import pytest
from django import forms
from django.utils import timezone, translation

from ecosystem.models import ImpactIndicator
from tests.factories import ActorFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

PREFIXES = ["", "/en"]


@pytest.fixture
def member(db):
    """A member of the lead structure of ``project``: may edit the project and its evaluation."""
    return UserFactory(email="membre@atelier.example")


@pytest.fixture
def project(member):
    return ProjectFactory(lead_actor=ActorFactory(name="Atelier du Vélo", members=[member]), title="Vélo")


def date_values(html: str, name: str) -> list[str]:
    """The ``value`` of every date-like ``<input name=name>`` of the page."""
    values = []
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and re.search(r'type="(date|datetime-local)"', tag):
            found = re.search(r'value="([^"]*)"', tag)
            values.append(found.group(1) if found else "")
    return values


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_new_assessment_form_prefills_today_in_iso(client, member, project, prefix):
    client.force_login(member)
    page = client.get(f"{prefix}/projets/{project.slug}/evaluation/auto-evaluations/nouvelle/")
    assert page.status_code == 200
    assert date_values(page.content.decode(), "date") == [timezone.localdate().isoformat()]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_indicator_value_form_prefills_today_in_iso(client, member, project, prefix):
    indicator = ImpactIndicator.objects.create(project=project, kind="jobs")
    client.force_login(member)
    page = client.get(f"{prefix}/projets/{project.slug}/evaluation/indicateurs/{indicator.pk}/")
    assert page.status_code == 200
    assert date_values(page.content.decode(), "date") == [timezone.localdate().isoformat()]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_project_form_shows_its_start_date_in_iso(client, member, project, prefix):
    project.start_date = datetime.date(2024, 3, 9)
    project.save()
    client.force_login(member)
    page = client.get(f"{prefix}/projets/{project.slug}/modifier/")
    assert page.status_code == 200
    assert date_values(page.content.decode(), "start_date") == ["2024-03-09"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_support_form_keeps_iso_dates_when_redisplayed_with_an_error(client, member, project, prefix):
    client.force_login(member)
    page = client.post(
        f"{prefix}/projets/{project.slug}/accompagnements/",
        {"support_actor": "", "start_date": "2026-05-04", "end_date": "2026-01-02"},
    )
    html = page.content.decode()
    assert date_values(html, "start_date") == ["2026-05-04"]
    assert date_values(html, "end_date") == ["2026-01-02"]


class EveryKindOfDate(forms.Form):
    """Widgets as any form of the project may declare them: the renderer must format each one in ISO."""

    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    typed_day = forms.DateField(widget=type("Day", (forms.DateInput,), {"input_type": "date"}))
    moment = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    free_text_day = forms.DateField()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_date_and_datetime_widget_renders_iso_in_every_language(language):
    moment = datetime.datetime(2026, 12, 6, 9, 30)
    form = EveryKindOfDate(
        initial={"day": moment.date(), "typed_day": moment.date(), "moment": moment, "free_text_day": moment}
    )
    with translation.override(language):
        assert date_values(str(form["day"]), "day") == ["2026-12-06"]
        assert date_values(str(form["typed_day"]), "typed_day") == ["2026-12-06"]
        assert date_values(str(form["moment"]), "moment") == ["2026-12-06T09:30"]
        # A plain text date field keeps the language's own format: people type it by hand.
        expected = "06/12/2026" if language == "fr" else "2026-12-06"
        assert f'value="{expected}"' in str(form["free_text_day"])
