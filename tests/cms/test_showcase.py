"""The showcase page: ready public projects only, why each is ready and what it takes, filters without JS."""

import pytest
from bs4 import BeautifulSoup

from ecosystem.models import Project, Theme
from tests.factories import ActorFactory, ProjectFactory, UserFactory
from tests.support.swarming import make_ready

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

URL = "/vitrine/"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(response):
    return [h3.get_text(strip=True) for h3 in soup_of(response).select("#showcase-results .card h3")]


@pytest.fixture
def showcase(demo_site, territories):
    """Two ready projects in two départements with two themes, a project not ready, a ready draft."""
    themes = list(Theme.objects.order_by("order")[:2])
    somme = make_ready(
        ProjectFactory(title="Café des aidants", published=True, themes=[themes[0]]), territories["80021"]
    )
    somme.swarming_duration_months = 12
    somme.save()
    make_ready(
        ProjectFactory(title="Garage solidaire", published=True, themes=[themes[1]]), territories["60"]
    )
    ProjectFactory(title="Trop jeune", published=True, themes=[themes[0]])
    make_ready(ProjectFactory(title="Brouillon prêt"), territories["80021"])
    hidden = ActorFactory(is_public=False)
    make_ready(ProjectFactory(title="Structure cachée", published=True, lead_actor=hidden), territories["80"])
    return themes


@pytest.mark.parametrize("role", ["anonymous", "member", "staff"])
def test_the_showcase_lists_only_ready_public_projects(client, showcase, role):
    if role != "anonymous":
        client.force_login(UserFactory(is_staff=role == "staff"))
    response = client.get(URL)
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Café des aidants", "Garage solidaire"]


def test_each_card_says_why_it_is_ready_and_what_it_takes(client, showcase):
    card = soup_of(client.get(URL)).find("h3", string="Café des aidants").find_parent("li")
    text = card.get_text(" ", strip=True)
    assert "Pourquoi il est prêt" in text
    assert "Des usagers associés à la conception de la réponse" in text
    assert "Ce qu'il faut pour l'essaimer" in text
    assert "12 mois" in text
    assert card.find("a")["href"] == "/projets/cafe-des-aidants/"


def test_filters_by_theme_and_departement_without_javascript(client, showcase):
    first = showcase[0]
    assert titles(client.get(URL, {"theme": first.slug})) == ["Café des aidants"]
    assert titles(client.get(URL, {"departement": "60"})) == ["Garage solidaire"]
    assert titles(client.get(URL, {"theme": first.slug, "departement": "60"})) == []
    # Unknown values are ignored.
    assert len(titles(client.get(URL, {"phase": "inconnue"}))) == 2
    soup = soup_of(client.get(URL, {"theme": first.slug}))
    box = soup.find("input", attrs={"name": "theme", "value": first.slug})
    assert box.has_attr("checked")
    assert soup.find("label", attrs={"for": box["id"]})


def test_an_empty_filter_says_so_and_links_back(client, showcase):
    first, _second = showcase
    soup = soup_of(client.get(URL, {"theme": first.slug, "departement": "60"}))
    assert "Aucun projet prêt ne correspond à ces filtres." in soup.get_text()
    assert soup.find("a", string="Voir tous les projets prêts")["href"] == URL


def test_the_showcase_is_in_the_main_menu_and_on_the_home_page(client, demo_site):
    home = soup_of(client.get("/"))
    assert home.select_one(f'nav.main-nav a[href="{URL}"]').get_text(strip=True) == "Vitrine"
    assert home.select_one(f'.home-showcase a[href="{URL}"]')
    english = soup_of(client.get("/en/"))
    assert english.select_one('nav.main-nav a[href="/en/showcase/"]')


def test_the_showcase_in_english(client, showcase):
    response = client.get("/en/showcase/")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Café des aidants", "Garage solidaire"]
    assert soup_of(response).h1.get_text(strip=True) == "Swarming showcase"


def test_queries_do_not_grow_with_the_ready_projects(
    client, showcase, territories, django_assert_max_num_queries
):
    client.get(URL)  # settings rows created on first read
    with django_assert_max_num_queries(40) as small:
        client.get(URL)
    for index in range(4):
        make_ready(ProjectFactory(title=f"Prêt {index}", published=True), territories["80021"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert len(titles(response)) == 6


def test_the_demo_shows_a_ready_project_and_one_with_its_reasons(client, full_demo):
    ready = titles(client.get(URL))
    assert len(ready) >= 1
    not_ready = Project.objects.filter(
        slug__startswith="demo-",
        economic_model_stage=Project.EconomicModelStage.TESTING,
        start_date__year=2025,
    ).first()
    text = soup_of(client.get(not_ready.get_absolute_url())).get_text(" ", strip=True)
    assert "Ce qui manque :" in text
    assert not_ready.title not in ready
    # The ready project shows its two replications.
    card = next(
        c for c in soup_of(client.get(URL)).select("#showcase-results .card") if "18 mois" in c.get_text()
    )
    lineage = card.select_one("h3 a")["href"]
    text = soup_of(client.get(lineage)).find("section", attrs={"aria-labelledby": "lineage"}).get_text(" ")
    assert "Où il a essaimé" in text
    assert "240 bénéficiaires touchés" in text


def test_the_demo_posts_two_needs_one_with_suggestions(client, full_demo):
    from ecosystem.models import TerritorialNeed
    from ecosystem.needs import suggest_projects

    needs = list(TerritorialNeed.objects.all())
    assert len(needs) == 2
    assert any(suggest_projects(need) for need in needs)
    assert soup_of(client.get(URL)).find("a", href="/besoins/")


def test_the_home_page_shows_live_key_figures(client, showcase, django_assert_num_queries):
    from ecosystem.key_figures import key_figures

    with django_assert_num_queries(3):
        figures = key_figures()
    # Two public ready projects and the young one are published by public structures; the hidden one is not.
    assert figures["projects"] == 3
    assert figures["jobs"] == 8
    assert figures["territories"] == 2
    text = soup_of(client.get("/")).select_one(".key-figures").get_text(" ", strip=True)
    assert "3 projets" in text
    assert "8 emplois créés" in text
    assert "2 territoires couverts" in text


# --- The map: ready projects, their replications, the needs -------------------------------------------------

COORDINATES = {"80021": (49.894, 2.296), "80001": (50.106, 1.835), "60581": (49.507, 2.354)}


@pytest.fixture
def on_the_map(showcase, territories):
    """The test communes placed (they load without coordinates), a confirmed and a pending replication of the
    Café, and two needs: one on each theme (the Somme's at Abbeville, the Oise's at the département)."""
    from ecosystem.models import Replication, TerritorialNeed, Territory

    for code, (latitude, longitude) in COORDINATES.items():
        Territory.objects.filter(level="commune", code=code).update(latitude=latitude, longitude=longitude)
    # A département has no point of its own: the map places it at the mean of its communes' points.
    Territory.objects.filter(level="departement", code="60").update(latitude=None, longitude=None)
    cafe = Project.objects.get(title="Café des aidants")
    replica = ProjectFactory(title="Café de l'Oise", published=True)
    Replication.objects.create(
        origin=cafe, actor=replica.lead_actor, territory=territories["60581"], reason="Ici aussi.",
        project=replica, status=Replication.Status.CONFIRMED,
    )  # fmt: skip
    Replication.objects.create(origin=cafe, actor=ActorFactory(), territory=territories["80001"], reason="…")
    for title, theme, territory in (
        ("Un répit à Abbeville", showcase[0], territories["80001"]),
        ("Un garage dans l'Oise", showcase[1], territories["60"]),
    ):
        need = TerritorialNeed.objects.create(
            actor=ActorFactory(), title=title, description="…", territory=territory, answer_kind="place"
        )
        need.themes.add(theme)
    return showcase


def geojson(client, params=None):
    response = client.get(URL + "carte/", params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def points(data):
    return {
        (f["properties"]["kind"], f["properties"]["name"], f["properties"]["place"]): tuple(
            round(c, 3) for c in f["geometry"]["coordinates"]
        )
        for f in data["features"]
    }


def test_the_map_places_ready_projects_their_replications_and_the_needs(client, on_the_map):
    from django.db.models import Avg

    from ecosystem.models import Territory

    oise = Territory.objects.filter(
        level="commune", departement__code="60", latitude__isnull=False
    ).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
    oise = (round(oise["lon"], 3), round(oise["lat"], 3))
    data = geojson(client)
    assert points(data) == {
        ("project", "Café des aidants", "Amiens"): (2.296, 49.894),
        ("replication", "Café des aidants", "Saint-Just"): (2.354, 49.507),
        ("need", "Un répit à Abbeville", "Abbeville"): (1.835, 50.106),
        ("project", "Garage solidaire", "Oise"): oise,
        ("need", "Un garage dans l'Oise", "Oise"): oise,
    }
    assert data["count"] == 5
    assert data["summary"].startswith("La carte montre 5 lieux")
    kinds = {f["properties"]["kind"]: f["properties"]["marker_label"] for f in data["features"]}
    assert kinds["replication"] == "Essaimage d'un projet prêt : Café des aidants"
    replication = next(f for f in data["features"] if f["properties"]["kind"] == "replication")
    assert replication["properties"]["url"] == "/projets/cafe-de-loise/"


def test_the_map_follows_the_filters_and_lists_its_places_without_javascript(client, on_the_map):
    second = on_the_map[1]
    assert set(points(geojson(client, {"theme": second.slug}))) == {
        ("project", "Garage solidaire", "Oise"),
        ("need", "Un garage dans l'Oise", "Oise"),
    }
    # An unknown theme is ignored by the map as by the list.
    assert len(points(geojson(client, {"theme": "inconnue"}))) == 5
    soup = soup_of(client.get(URL, {"theme": second.slug}))
    assert soup.select_one("#map-summary")["data-map-geojson"] == f"{URL}carte/?theme={second.slug}"
    places = soup.select_one("#showcase-results details.map-places").get_text(" ", strip=True)
    assert "Besoin territorial — Un garage dans l'Oise (Oise)" in places
    assert "Un répit à Abbeville" not in places
    # The canvas the script draws in (includes/map_area.html).
    assert soup.select_one("#showcase-map[data-map]")


# --- Labels ---------------------------------------------------------------------------------------------------


@pytest.fixture
def labelled(showcase):
    """The Café labelled by a call; the Garage's application to the same call declined (no label)."""
    from django.utils import timezone

    from ecosystem.models import Application
    from tests.factories import ApplicationFactory, CallFactory

    call = CallFactory(title="Appel 2027", label="Projet labellisé SIEG 2027", closed=True)
    decided = {"status": Application.Status.DECIDED, "decided_at": timezone.now(), "call": call}
    ApplicationFactory(project=Project.objects.get(title="Café des aidants"), **decided,
                       decision=Application.Decision.LABELLED)  # fmt: skip
    ApplicationFactory(project=Project.objects.get(title="Garage solidaire"), **decided,
                       decision=Application.Decision.NOT_LABELLED)  # fmt: skip
    return call


def test_a_labelled_project_shows_its_label_and_the_showcase_filters_by_label(client, labelled):
    soup = soup_of(client.get(URL))
    cafe = soup.find("h3", string="Café des aidants").find_parent("li")
    assert [b.get_text(strip=True) for b in cafe.select(".project-labels .badge")] == [
        "Projet labellisé SIEG 2027"
    ]
    garage = soup.find("h3", string="Garage solidaire").find_parent("li")
    assert not garage.select(".project-labels")
    box = soup.find("input", attrs={"name": "label", "value": "appel-2027"})
    assert (
        soup.find("label", attrs={"for": box["id"]})
        .get_text(" ", strip=True)
        .startswith("Projet labellisé SIEG 2027")
    )
    assert box.find_parent("fieldset").legend.get_text() == "Label décerné"
    assert titles(client.get(URL, {"label": "appel-2027"})) == ["Café des aidants"]
