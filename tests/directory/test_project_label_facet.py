"""The call's label is a facet of the project search: a labelled project is counted under its call's label and
found by it, and the jury's decision brings the index up to date (no rebuild needed)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

import search
from ecosystem.actions.reviews import do_decide
from ecosystem.models import Application
from tests.factories import ActorFactory, ApplicationFactory, CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/projets/"
LABEL = "Projet labellisé SIEG Innovation sociale 2027"


def label_facet(response):
    soup = BeautifulSoup(response.content, "html.parser")
    counts = {}
    for box in soup.select('#project-filters input[type=checkbox][name="label"]'):
        text = soup.find("label", attrs={"for": box["id"]}).get_text(" ", strip=True)
        counts[box["value"]] = (text.rsplit("(", 1)[0].strip(), int(text.rsplit("(", 1)[1].split()[0]))
    return counts


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(a.get_text(strip=True) for a in soup.select("#project-results .card-list h3 a"))


def test_the_decision_puts_the_project_under_its_label(client, django_capture_on_commit_callbacks):
    actor = ActorFactory(name="Atelier")
    call = CallFactory(title="SIEG 2027", slug="sieg-2027", label=LABEL)
    labelled = ProjectFactory(lead_actor=actor, title="Vélo solidaire", published=True)
    ProjectFactory(lead_actor=actor, title="Jardin partagé", published=True)
    application = ApplicationFactory(call=call, project=labelled, submitted=True)
    search.rebuild()
    assert label_facet(client.get(URL)) == {}

    after_deadline = call.deadline + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        do_decide(application, Application.Decision.LABELLED, "Projet exemplaire.", now=after_deadline)

    assert label_facet(client.get(URL)) == {"sieg-2027": (LABEL, 1)}
    assert titles(client.get(URL + "?label=sieg-2027")) == ["Vélo solidaire"]


def test_a_project_not_labelled_is_not_under_the_label(client, django_capture_on_commit_callbacks):
    call = CallFactory(slug="sieg-2027", label=LABEL)
    application = ApplicationFactory(call=call, submitted=True)
    with django_capture_on_commit_callbacks(execute=True):
        do_decide(
            application,
            Application.Decision.NOT_LABELLED,
            "Pas encore.",
            now=timezone.now() + datetime.timedelta(days=8),
        )
    search.rebuild()
    assert label_facet(client.get(URL)) == {}
