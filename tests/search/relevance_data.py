"""The judged query set of the search relevance test and of ``python -m bench relevance`` (issue #11).

``ACTORS`` is a small directory written for it — structures whose names and descriptions overlap on
purpose (« Péronne » and « personnes », « jardin » and « jardins partagés », « coworking » in two places) —
spread over communes of the committed Hauts-de-France file. ``QUERIES`` are French queries as people type
them (accents or not, plurals, word starts, typos, place names, several words), each with the structures a
person expects first (``relevant``, best first where it matters). ``evaluate`` measures precision@5 (the
share of the top five that is relevant, out of at most five relevant ones) and the mean reciprocal rank of
the first relevant structure.
"""

from dataclasses import dataclass

# slug: (name, commune INSEE code, description)
ACTORS = {
    "recyclerie-peronne": ("Recyclerie de Péronne", "80620", "Réemploi d'objets, ateliers de réparation."),
    "tourisme-peronne": ("Office de tourisme de Haute-Somme", "80620", "Accueil des visiteurs, patrimoine."),
    "cocagne-peronne": (
        "Jardin de Cocagne du Santerre",
        "80620",
        "Jardin d'insertion, maraîchage biologique.",
    ),
    "personnes-agees": ("Maison des personnes âgées", "80021", "Accueil de jour des personnes âgées."),
    "personnes-isolees": ("Aide aux personnes isolées", "59350", "Visites à domicile des personnes isolées."),
    "personnes-handicap": (
        "Association Personnes et Handicap",
        "62041",
        "Loisirs adaptés pour les personnes.",
    ),
    "jardins-partages": ("Les Jardins partagés d'Amiens", "80021", "Jardins partagés et compost collectif."),
    "cowork-arras": ("Coworking de la Citadelle", "62041", "Espace de coworking et bureaux partagés."),
    "tiers-lieu-albert": ("Tiers-lieu d'Albert", "80016", "Fablab, café associatif et coworking rural."),
    "velo-amiens": ("Atelier Vélo Amiénois", "80021", "Vélos d'occasion, réparation; passe à Péronne."),
    "epicerie-lille": (
        "Épicerie solidaire de Lille-Sud",
        "59350",
        "Épicerie solidaire, alimentation durable.",
    ),
    "epiceries-roubaix": ("Réseau des épiceries solidaires", "59512", "Coordination des épiceries du Nord."),
    "mobilite-abbeville": ("Mobilité inclusive Somme", "80001", "Auto-école sociale, location de scooters."),
    "numerique-beauvais": ("Numérique pour tous", "60057", "Médiation numérique, ateliers informatiques."),
    "insertion-dunkerque": (
        "Chantier d'insertion du Littoral",
        "59183",
        "Insertion par l'activité économique.",
    ),
    "reparation-laon": ("Café réparation de Laon", "02408", "Repair café mensuel : électroménager, textile."),
    "ressourcerie-calais": (
        "Ressourcerie du Calaisis",
        "62193",
        "Collecte, tri, réemploi et vente solidaire.",
    ),
    "habitat-lille": ("Habitat participatif", "59350", "Projets d'habitat participatif et coopératif."),
    "energie-compiegne": ("Énergies citoyennes de l'Oise", "60159", "Coopérative d'électricité solaire."),
    "creche-saint-quentin": ("Crèche parentale Les Petits Pas", "02691", "Crèche associative des parents."),
    "incubateur-amiens": ("Incubateur d'innovation sociale", "80021", "Accompagnement des entrepreneurs."),
    "entraide-doullens": ("Entraide doullennaise", "80253", "Aide alimentaire et vestiaire."),
    "jeunes-ham": ("Maison des jeunes de Ham", "80410", "Loisirs et accompagnement scolaire des jeunes."),
    "compost-roubaix": (
        "Compostage collectif roubaisien",
        "59512",
        "Composteurs partagés en pied d'immeuble.",
    ),
    "circuits-abbeville": ("Circuits courts du Vimeu", "80001", "Vente directe de produits fermiers."),
    "labo-amiens": ("Laboratoire d'économie sociale", "80021", "Recherche en économie sociale et solidaire."),
    "recycleries-arras": ("Réseau des recycleries", "62041", "Fédération des recycleries et ressourceries."),
    "personnel-soignant": (
        "Collectif du personnel soignant",
        "80620",
        "Entraide entre soignants à domicile.",
    ),
}

# (query, relevant structures: the ones that must come first, best first)
QUERIES = [
    # accents and case
    ("peronne", ["recyclerie-peronne", "tourisme-peronne", "cocagne-peronne", "personnel-soignant", "velo-amiens"]),
    ("Péronne", ["recyclerie-peronne", "tourisme-peronne", "cocagne-peronne", "personnel-soignant", "velo-amiens"]),
    ("PÉRONNE", ["recyclerie-peronne", "tourisme-peronne", "cocagne-peronne", "personnel-soignant", "velo-amiens"]),
    ("epicerie solidaire", ["epicerie-lille", "epiceries-roubaix"]),
    ("Épicerie", ["epicerie-lille", "epiceries-roubaix"]),
    ("numerique", ["numerique-beauvais"]),
    ("energie", ["energie-compiegne"]),
    ("creche", ["creche-saint-quentin"]),
    ("economie sociale", ["labo-amiens"]),
    # plurals and other word forms
    ("jardin partagé", ["jardins-partages"]),
    ("jardins partagés", ["jardins-partages"]),
    ("jardin", ["cocagne-peronne", "jardins-partages"]),
    ("épiceries solidaires", ["epiceries-roubaix", "epicerie-lille"]),
    ("recycleries", ["recycleries-arras", "recyclerie-peronne"]),
    ("recyclerie", ["recyclerie-peronne", "recycleries-arras"]),
    ("vélo", ["velo-amiens"]),
    ("personne âgée", ["personnes-agees"]),
    ("ressourceries", ["ressourcerie-calais", "recycleries-arras"]),
    ("énergie citoyenne", ["energie-compiegne"]),
    ("jeune", ["jeunes-ham"]),
    # word starts
    ("cowork", ["cowork-arras", "tiers-lieu-albert"]),
    ("incub", ["incubateur-amiens"]),
    ("compost", ["compost-roubaix", "jardins-partages"]),
    ("répar", ["reparation-laon", "recyclerie-peronne", "velo-amiens"]),
    ("habit", ["habitat-lille"]),
    ("insert", ["insertion-dunkerque", "cocagne-peronne"]),
    ("médiat", ["numerique-beauvais"]),
    # typos
    ("recyclarie", ["recyclerie-peronne", "recycleries-arras"]),
    ("cowroking", ["cowork-arras", "tiers-lieu-albert"]),
    ("epicrie", ["epicerie-lille", "epiceries-roubaix"]),
    ("numerqiue", ["numerique-beauvais"]),
    ("parentalle", ["creche-saint-quentin"]),
    ("incubatuer", ["incubateur-amiens"]),
    ("ressourcrie", ["ressourcerie-calais", "recycleries-arras"]),
    # place names
    ("amiens", ["jardins-partages", "velo-amiens", "personnes-agees", "incubateur-amiens", "labo-amiens"]),
    ("lille", ["epicerie-lille", "personnes-isolees", "habitat-lille"]),
    ("roubaix", ["epiceries-roubaix", "compost-roubaix"]),
    ("beauvais", ["numerique-beauvais"]),
    ("saint-quentin", ["creche-saint-quentin"]),
    ("abbeville", ["mobilite-abbeville", "circuits-abbeville"]),
    ("dunkerque", ["insertion-dunkerque"]),
    # several words
    ("atelier vélo amiens", ["velo-amiens"]),
    ("réparation péronne", ["recyclerie-peronne", "velo-amiens"]),
    ("épicerie lille", ["epicerie-lille"]),
    ("jardin amiens", ["jardins-partages"]),
    ("coworking arras", ["cowork-arras"]),
    ("économie sociale et solidaire", ["labo-amiens"]),
    ("aide alimentaire doullens", ["entraide-doullens"]),
    ("maison des jeunes", ["jeunes-ham"]),
    ("tiers lieu", ["tiers-lieu-albert"]),
    ("personnes isolées", ["personnes-isolees"]),
]  # fmt: skip

TOP = 5


@dataclass
class Figures:
    precision_at_5: float
    mrr: float
    misses: list[tuple[str, list[str]]]  # queries whose first result is not relevant, with their top five


def load_actors() -> None:
    """Create ``ACTORS`` (public associations) in their communes; the committed région must be loaded."""
    from ecosystem.models import Actor, ActorKind, Territory

    communes = {t.code: t for t in Territory.objects.filter(level=Territory.Level.COMMUNE)}
    Actor.objects.bulk_create(
        Actor(
            slug=slug,
            name=name,
            commune=communes[code],
            description=description,
            kind=ActorKind.ASSOCIATION,
            is_public=True,
        )
        for slug, (name, code, description) in ACTORS.items()
    )


def evaluate() -> Figures:
    """Run every query through ``search.search`` (the configured backend) and score the first five."""
    import search
    from ecosystem.models import Actor

    precision = reciprocal = 0.0
    misses = []
    for text, relevant in QUERIES:
        top = [actor.slug for actor in search.search(Actor, search.Query(text=text, per_page=TOP)).objects]
        precision += len(set(top) & set(relevant)) / min(TOP, len(relevant))
        rank = next((n for n, slug in enumerate(top, 1) if slug in relevant), None)
        reciprocal += 1 / rank if rank else 0.0
        if rank != 1:
            misses.append((text, top))
    return Figures(round(precision / len(QUERIES), 3), round(reciprocal / len(QUERIES), 3), misses)
