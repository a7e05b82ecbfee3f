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
