"""Seed the taxonomies from the call text (themes, markers) and a first skills/resources vocabulary.

Staff edit them afterwards in the Wagtail admin; re-running never duplicates (get_or_create on the slug).
"""

from django.db import migrations

THEMES = [
    ("economie-circulaire", "Économie circulaire et écologie industrielle",
     "Dynamiques économiques vertueuses pour l'environnement."),
    ("economie-de-proximite", "Économie de proximité", "Initiatives collectives au service de l'économie de proximité."),
    ("silver-economie", "Silver économie", "Nouvelles coopérations au service du bien-vieillir."),
    ("economie-numerique", "Économie numérique", "Coopérations et processus nouveaux autour du numérique."),
    ("mobilite", "Mobilité des personnes", "Projets innovants au service de la mobilité des personnes."),
    ("competences-emploi-formation", "Compétences, emploi et formation",
     "Nouvelles approches, nouvelles compétences, adaptation des dispositifs d'emploi et de formation."),
    ("retour-a-l-emploi", "Accès et retour à l'emploi",
     "Partenariats avec les entreprises pour les personnes les plus éloignées du marché du travail."),
]

RESOURCES = [
    ("mediation-numerique", "Médiation numérique", "skill"),
    ("accompagnement-de-projet", "Accompagnement de projet", "skill"),
    ("insertion-professionnelle", "Insertion professionnelle", "skill"),
    ("formation", "Formation", "skill"),
    ("conception-de-services", "Conception de services avec les usagers", "skill"),
    ("logistique", "Logistique", "skill"),
    ("communication", "Communication", "skill"),
    ("juridique", "Conseil juridique", "skill"),
    ("gestion-financiere", "Gestion financière", "skill"),
    ("locaux", "Locaux et espaces de travail", "resource"),
    ("materiel", "Matériel et équipements", "resource"),
    ("vehicules", "Véhicules", "resource"),
    ("financement", "Financement", "funding"),
    ("mecenat", "Mécénat de compétences", "funding"),
    ("reseau-d-entreprises", "Réseau d'entreprises", "network"),
    ("acces-aux-publics", "Accès aux publics bénéficiaires", "network"),
    ("recherche-sciences-sociales", "Recherche en sciences humaines et sociales", "research"),
    ("evaluation-d-impact", "Évaluation d'impact social", "research"),
]

MARKERS = [
    ("besoin-social", "Réponse à un besoin social non satisfait", "process",
     "Quel besoin social, mal ou pas satisfait sur le territoire, le projet vise-t-il ?"),
    ("place-des-beneficiaires", "Place des bénéficiaires et des usagers", "process",
     "Comment les bénéficiaires participent-ils aux différentes étapes du projet ?"),
    ("collectif", "Nature et rôle du collectif", "process",
     "Quels acteurs coopèrent, et que co-construisent-ils ?"),
    ("gouvernance", "Gouvernance", "process", "Comment les décisions sont-elles prises, et par qui ?"),
    ("ancrage-territorial", "Ancrage territorial", "process",
     "En quoi le projet s'appuie-t-il sur son territoire et le transforme-t-il ?"),
    ("place-de-la-recherche", "Place de la recherche", "process",
     "Quelle collaboration avec des équipes de recherche ?"),
    ("modele-economique", "Ressources et modèle économique (hybridation des ressources)", "result",
     "Quelles ressources marchandes, publiques et bénévoles le projet combine-t-il ?"),
    ("accessibilite", "Accessibilité et logique de service", "result",
     "À quoi le projet donne-t-il accès, et à qui ?"),
    ("rupture", "Rupture avec les pratiques existantes", "result",
     "Qu'est-ce qui change par rapport aux pratiques habituelles ?"),
    ("changement-social", "Capacité de changement social", "diffusion",
     "Quels changements dans les pratiques des personnes et des organisations ?"),
    ("diffusion-essaimage", "Diffusion et essaimage", "diffusion",
     "Comment les pratiques se diffusent-elles, et le projet peut-il essaimer ailleurs ?"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("ecosystem", "Theme")
    Resource = apps.get_model("ecosystem", "Resource")
    Marker = apps.get_model("ecosystem", "Marker")
    for order, (slug, name, description) in enumerate(THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "order": order})
    for slug, name, group in RESOURCES:
        Resource.objects.get_or_create(slug=slug, defaults={"name": name, "group": group})
    for order, (code, name, dimension, description) in enumerate(MARKERS):
        Marker.objects.get_or_create(
            code=code, defaults={"name": name, "dimension": dimension, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0003_domain")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
