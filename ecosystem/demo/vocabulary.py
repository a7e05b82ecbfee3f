"""French names and places the demo generator assembles people and organisations from.

Plain data, no logic beyond :func:`de` (French elision and contraction before a place name). Every list is
ordered and never shuffled here: the generator's seeded draws index into them, so editing a list changes the
demo content of every seed (which is fine; tests compare two generations, not fixed strings).
"""

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Julie",
    "Marie",
    "Laura",
    "Pauline",
    "Clara",
    "Lucie",
    "Anaïs",
    "Mathilde",
    "Élodie",
    "Nadia",
    "Fatima",
    "Sophie",
    "Isabelle",
    "Nathalie",
    "Céline",
    "Aurélie",
    "Sandrine",
    "Mélanie",
    "Amandine",
    "Justine",
    "Margaux",
    "Salomé",
    "Yasmine",
    "Lucas",
    "Hugo",
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Antoine",
    "Alexandre",
    "Kévin",
    "Romain",
    "Mehdi",
    "Karim",
    "Théo",
    "Louis",
    "Arthur",
    "Paul",
    "Benoît",
    "Olivier",
    "Stéphane",
    "Laurent",
    "Sébastien",
    "Mathieu",
    "Guillaume",
    "Florian",
    "Quentin",
    "Bastien",
    "Yann",
    "Samir",
    "Rémi",
    "Baptiste",
]

LAST_NAMES = [
    "Lefebvre",
    "Dubois",
    "Leroy",
    "Lemaire",
    "Delattre",
    "Dupont",
    "Lefèvre",
    "Duhamel",
    "Caron",
    "Petit",
    "Martin",
    "Bernard",
    "Dufour",
    "Deschamps",
    "Vasseur",
    "Lecomte",
    "Delcroix",
    "Wattez",
    "Carpentier",
    "Lenoir",
    "Vandamme",
    "Debruyne",
    "Verhaeghe",
    "Boulanger",
    "Ramery",
    "Flament",
    "Hennebelle",
    "Roussel",
    "Fournier",
    "Dumont",
    "Mercier",
    "Benali",
    "Haddad",
    "Kowalski",
    "Nowak",
    "Tison",
    "Delannoy",
    "Dehaene",
    "Poulain",
    "Masson",
    "Hocquet",
    "Lesage",
    "Cordier",
    "Lheureux",
    "Moreau",
    "Dacheville",
    "Ghesquière",
    "Bouchez",
    "Delaporte",
    "Laurent",
]

STREETS = [
    "rue Victor-Hugo",
    "rue de la République",
    "place du Marché",
    "rue Jean-Jaurès",
    "rue Pasteur",
    "boulevard Gambetta",
    "rue des Écoles",
    "rue du Général-Leclerc",
    "rue Nationale",
    "place de la Mairie",
    "rue de la Gare",
    "rue Voltaire",
    "chemin des Prés",
    "rue des Tisserands",
    "quai de la Somme",
    "rue Faidherbe",
    "rue Roger-Salengro",
    "avenue de la Libération",
    "rue du Moulin",
    "rue des Jardins",
]

# Name parts of associations and citizens' groups: "Les Jardins Partagés" + " de Péronne".
ASSOCIATION_NAMES = [
    "Les Jardins Partagés",
    "Le Fil Solidaire",
    "Les Petits Débrouillards",
    "La Ressourcerie",
    "Lire et Faire Lire",
    "Le Repair Café",
    "Les Ateliers du Lien",
    "L'Épicerie Solidaire",
    "Les Cuisines Nomades",
    "Vélo Solidaire",
    "Les Amis du Bien-Vieillir",
    "Parents Ensemble",
    "La Maison des Aidants",
    "Les Savoirs Partagés",
    "Cultures du Cœur",
    "Le Jardin de Cocagne",
    "Les Compagnons Bâtisseurs",
    "L'Outil en Main",
    "Habitat et Humanisme",
    "Les Écrans Libres",
    "Le Café des Familles",
    "Terre d'Accueil",
    "Les Tricoteuses Solidaires",
    "Mobilité pour Tous",
    "La Clé des Champs",
    "Les Potagers du Marais",
    "Emploi Partage",
    "Le Relais Numérique",
    "Les Ailes de l'Insertion",
    "Solidarité Seniors",
]
ASSOCIATION_FORMS = ["Association", "Association", "Association", "Collectif", "Amicale", "Fédération"]

USERS_GROUP_NAMES = [
    "Comité de quartier",
    "Conseil citoyen",
    "Collectif d'habitants",
    "Association de locataires",
    "Groupement d'usagers",
    "Collectif des aidants",
    "Conseil des anciens",
    "Union des familles",
]

COMPANY_NAMES = [
    "Recyclerie",
    "Atelier",
    "Transports",
    "Conciergerie",
    "Menuiserie",
    "Imprimerie",
    "Boulangerie",
    "Logistique",
    "Numérique",
    "Conseil",
    "Textile",
    "Énergies",
    "Bâtiment",
    "Services",
]
COMPANY_ADJECTIVES = [
    "du Nord",
    "de l'Avesnois",
    "Picarde",
    "des Flandres",
    "de la Côte d'Opale",
    "du Hainaut",
    "de l'Artois",
    "du Vermandois",
    "du Santerre",
    "de la Thiérache",
    "Verte",
    "Solidaire",
    "Inclusive",
    "Locale",
]
COMPANY_FORMS = ["SARL", "SAS", "EURL", "Entreprise adaptée", "Entreprise d'insertion", "SA"]

COOPERATIVE_FORMS = ["SCIC", "SCOP", "SCIC", "Coopérative d'activités et d'emploi", "SCOP"]
COOPERATIVE_NAMES = [
    "Mobilités Solidaires",
    "Les Toits Partagés",
    "Énergies Citoyennes",
    "Alimentation Durable",
    "Bois Local",
    "Le Grand Panier",
    "Numérique Commun",
    "Les Artisans Associés",
    "Ressources Partagées",
    "Habitat Participatif",
    "Le Circuit Court",
    "Terres de Liens",
    "Les Jardiniers du Littoral",
    "Tissages",
    "Cycl'Opale",
]

LAB_NAMES = [
    "Territoires, Solidarités et Innovation",
    "Travail, Emploi et Insertion",
    "Sociologie de l'Action Publique",
    "Économie Sociale et Solidaire",
    "Santé, Vieillissement et Société",
    "Usages du Numérique",
    "Mobilités et Aménagement",
    "Écologie Industrielle et Territoires",
    "Éducation et Apprentissages",
    "Gouvernance et Participation",
]
LAB_FORMS = ["Laboratoire", "Équipe de recherche", "Chaire", "Institut"]
# University name and the INSEE code of its main campus, so research actors sit where the campus is.
UNIVERSITIES = [
    ("Université de Picardie Jules Verne", "80021"),
    ("Université de Lille", "59009"),
    ("Université de Lille", "59350"),
    ("Université Polytechnique Hauts-de-France", "59606"),
    ("Université d'Artois", "62041"),
    ("Université du Littoral Côte d'Opale", "59183"),
    ("Université de technologie de Compiègne", "60159"),
    ("Université Catholique de Lille", "59350"),
]

LOCAL_AUTHORITY_FORMS = ["Ville", "Commune", "Mairie"]
EPCI_PREFIXES = {
    "CC ": "Communauté de communes ",
    "CA ": "Communauté d'agglomération ",
    "CU ": "Communauté urbaine ",
}

PUBLIC_BODIES = [
    "CCAS",
    "Mission locale",
    "Centre social",
    "Maison France Services",
    "France Travail — agence",
    "Lycée professionnel",
    "Centre hospitalier",
    "Médiathèque",
    "Maison de l'emploi",
    "EHPAD public",
]

INCUBATOR_NAMES = ["Incubateur", "Pépinière", "Accélérateur", "Fabrique à initiatives", "Couveuse"]
INCUBATOR_QUALIFIERS = [
    "de l'ESS",
    "Innovation Sociale",
    "Entreprendre Autrement",
    "Solidaire",
    "des Transitions",
    "Start'ESS",
]
COWORKING_NAMES = ["La Ruche", "L'Établi", "Le Quai", "La Filature", "Le Comptoir", "L'Escale", "La Canopée"]
THIRD_PLACE_NAMES = ["La Fabrique", "La Manufacture", "L'Atelier", "La Grange", "La Station", "Le Hangar"]
THIRD_PLACE_SUBJECTS = [
    "des Possibles",
    "des Communs",
    "du Lien",
    "des Savoirs",
    "des Transitions",
    "Partagée",
]
INNOVATION_LAB_NAMES = [
    "Lab'Innovation Sociale",
    "Living Lab",
    "Laboratoire d'innovation publique",
    "Design Lab",
    "Fab Lab",
]
FUNDERS = [
    "Fondation",
    "Fonds de dotation",
    "France Active",
    "Caisse d'épargne — mécénat",
    "Crédit coopératif",
    "Réseau Entreprendre",
    "Initiative",
    "Fondation d'entreprise",
]
FUNDER_QUALIFIERS = [
    "Solidarités Hauts-de-France",
    "pour l'Innovation Sociale",
    "Nord Solidaire",
    "Picardie Active",
    "Territoires d'Avenir",
    "Côte d'Opale",
    "Artois Entreprendre",
]


def de(place: str) -> str:
    """ "de Péronne", "d'Amiens", "du Touquet", "des Moëres": the French "of" before a place name."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if place.startswith(article):
            return contracted + place[len(article) :]
    if place[:1].lower() in "aeiouyhéèêâîôûœ":
        return "d'" + place
    return "de " + place


def a(place: str) -> str:
    """ "à Lille", "au Touquet", "aux Moëres": the French "in" before a commune name."""
    for article, contracted in (("Le ", "au "), ("Les ", "aux ")):
        if place.startswith(article):
            return contracted + place[len(article) :]
    return "à " + place
