"""French sentences the demo generator assembles descriptions, project texts and evaluations from.

Templates take ``{de_place}`` ("de Péronne"), ``{a_place}`` ("à Péronne"), ``{topic}``, ``{public}`` and
``{share}`` (see :func:`ecosystem.demo.actors.fill`). Same rule as :mod:`ecosystem.demo.vocabulary`: ordered
lists, indexed by seeded draws.
"""

# Description sentences per kind; "{place}" is the commune, "{topic}" an activity, "{public}" a public.
DESCRIPTION_OPENINGS = {
    "association": [
        "Association loi 1901 créée par des habitants {de_place}, nous agissons pour {topic}.",
        "Depuis plus de dix ans, notre association accompagne {public} autour de {topic}.",
        "Nous sommes une association de bénévoles et de salariés engagés pour {topic}.",
    ],
    "company": [
        "Entreprise implantée {a_place}, nous mettons notre savoir-faire au service de {topic}.",
        "PME familiale, nous développons une activité responsable tournée vers {topic}.",
    ],
    "cooperative": [
        "Coopérative à lucrativité limitée, nous associons salariés, usagers et collectivités pour {topic}.",
        "Notre SCIC réunit des acteurs du territoire autour de {topic}.",
    ],
    "research": [
        "Notre équipe étudie {topic} et co-construit ses recherches avec les acteurs de terrain.",
        "Laboratoire pluridisciplinaire, nous menons des recherches-actions sur {topic}.",
    ],
    "local_authority": [
        "La collectivité soutient les initiatives locales en faveur de {topic}.",
        "Nos services accompagnent les projets d'habitants et d'associations autour de {topic}.",
    ],
    "public_body": [
        "Établissement public de proximité, nous accueillons {public} et les orientons vers {topic}.",
        "Nous accompagnons chaque année plusieurs centaines de personnes, notamment sur {topic}.",
    ],
    "incubator": [
        "Nous accompagnons les porteurs de projets d'innovation sociale, de l'idée à la création d'activité.",
        "Notre incubateur aide les entrepreneurs engagés à structurer leur projet autour de {topic}.",
    ],
    "coworking": [
        "Espace de travail partagé {a_place}, nous accueillons indépendants, associations et porteurs de projet.",
    ],
    "third_place": [
        "Tiers-lieu ouvert à tous {a_place} : atelier partagé, café associatif et espace de formation.",
        "Lieu hybride et convivial, nous faisons se rencontrer habitants, associations et entreprises.",
    ],
    "innovation_lab": [
        "Laboratoire d'innovation, nous expérimentons avec les usagers de nouvelles réponses à {topic}.",
    ],
    "users_group": [
        "Collectif d'habitants {de_place}, nous portons la parole des usagers sur {topic}.",
        "Nous sommes des citoyens qui se mobilisent pour {topic} dans notre quartier.",
    ],
    "funder": [
        "Nous finançons et accompagnons les projets d'utilité sociale du territoire, notamment autour de {topic}.",
        "Acteur de la finance solidaire, nous soutenons les structures qui œuvrent pour {topic}.",
    ],
}
DESCRIPTION_MIDDLES = [
    "Nous travaillons avec {public} et en lien étroit avec les acteurs locaux.",
    "Nos actions s'appuient sur la participation des personnes concernées à chaque étape.",
    "Nous animons des ateliers réguliers et des temps de rencontre ouverts à tous.",
    "Nos équipes interviennent sur l'ensemble du département, souvent en milieu rural.",
    "Nous avons noué des partenariats durables avec des entreprises et des collectivités du territoire.",
    "Chaque année, nous formons des bénévoles et accueillons des personnes en parcours d'insertion.",
    "Notre modèle repose sur une hybridation des ressources : ventes, subventions et bénévolat.",
]
DESCRIPTION_CLOSINGS = [
    "Nous recherchons des partenaires pour essaimer notre démarche sur d'autres territoires.",
    "Nous sommes ouverts à toute coopération qui renforce l'impact social de nos actions.",
    "Nous souhaitons aujourd'hui changer d'échelle avec de nouveaux partenaires.",
    "Contactez-nous pour construire ensemble des projets utiles au territoire.",
]

# Activities per theme slug (the seeded themes of migration 0004).
TOPICS = {
    "economie-circulaire": [
        "le réemploi et la réparation des objets du quotidien",
        "la réduction des déchets",
        "le recyclage des textiles",
        "l'écologie industrielle entre entreprises voisines",
    ],
    "economie-de-proximite": [
        "l'alimentation locale et les circuits courts",
        "le commerce de proximité en milieu rural",
        "les services de proximité dans les quartiers",
    ],
    "silver-economie": [
        "le bien-vieillir à domicile",
        "la rupture de l'isolement des personnes âgées",
        "le soutien aux aidants familiaux",
    ],
    "economie-numerique": [
        "l'inclusion numérique",
        "l'accès aux droits en ligne",
        "la culture numérique des jeunes",
    ],
    "mobilite": [
        "la mobilité des personnes sans voiture",
        "le covoiturage solidaire",
        "l'apprentissage du vélo",
    ],
    "competences-emploi-formation": [
        "la formation aux métiers de la transition",
        "la reconnaissance des compétences informelles",
        "l'apprentissage des savoirs de base",
    ],
    "retour-a-l-emploi": [
        "le retour à l'emploi des personnes qui en sont éloignées",
        "l'insertion par l'activité économique",
        "l'emploi des chômeurs de longue durée",
    ],
}
PUBLICS = [
    "les habitants des quartiers prioritaires",
    "les personnes âgées isolées",
    "les jeunes de 16 à 25 ans",
    "les demandeurs d'emploi de longue durée",
    "les familles monoparentales",
    "les personnes en situation de handicap",
    "les habitants des communes rurales",
    "les bénéficiaires du RSA",
    "les aidants familiaux",
    "les personnes réfugiées",
    "les étudiants",
    "les agriculteurs et artisans du territoire",
]
FREE_TAGS = [
    "animation de réseau",
    "bénévolat",
    "facilitation graphique",
    "jardinage",
    "cuisine",
    "réparation de vélos",
    "traduction",
    "vidéo",
    "données ouvertes",
    "marchés publics",
    "design de services",
    "ateliers d'écriture",
    "menuiserie",
    "couture",
    "transport adapté",
    "salle de réunion",
    "broyeur de végétaux",
    "camion frigorifique",
]

# Project concepts per theme: (title stem, need, beneficiaries).
PROJECT_CONCEPTS = {
    "economie-circulaire": [
        (
            "Ressourcerie mobile",
            "Les objets encore utilisables finissent en déchetterie faute de collecte en milieu rural.",
            "Les habitants des communes rurales et les personnes à faibles revenus.",
        ),
        (
            "Atelier de réparation partagé",
            "Réparer coûte cher et les savoir-faire se perdent.",
            "Les ménages modestes et les jeunes en recherche de qualification.",
        ),
        (
            "Boucle textile",
            "Les textiles usagés ne sont presque pas recyclés sur le territoire.",
            "Les personnes en insertion et les habitants.",
        ),
    ],
    "economie-de-proximite": [
        (
            "Épicerie coopérative",
            "Les villages ont perdu leurs derniers commerces alimentaires.",
            "Les habitants sans voiture et les producteurs locaux.",
        ),
        (
            "Conciergerie de territoire",
            "Les services du quotidien sont éloignés des zones d'activité.",
            "Les salariés des petites entreprises et les commerçants.",
        ),
        (
            "Halle nourricière",
            "Les producteurs locaux manquent de débouchés et les habitants de produits frais.",
            "Les familles et les maraîchers du territoire.",
        ),
    ],
    "silver-economie": [
        (
            "Habitat partagé seniors",
            "Les personnes âgées isolées n'ont pas d'alternative entre domicile et EHPAD.",
            "Les personnes âgées autonomes et leurs familles.",
        ),
        (
            "Répit des aidants",
            "Les aidants familiaux s'épuisent sans solution de relais.",
            "Les aidants familiaux et les personnes qu'ils accompagnent.",
        ),
    ],
    "economie-numerique": [
        (
            "Médiation numérique itinérante",
            "Une part importante des habitants ne peut plus accomplir ses démarches en ligne.",
            "Les personnes éloignées du numérique.",
        ),
        (
            "Reconditionnement solidaire",
            "Beaucoup de familles n'ont pas d'ordinateur pour la scolarité ou l'emploi.",
            "Les collégiens, lycéens et demandeurs d'emploi.",
        ),
    ],
    "mobilite": [
        (
            "Garage solidaire",
            "Sans véhicule en état, de nombreuses personnes renoncent à un emploi.",
            "Les personnes en insertion et les travailleurs précaires.",
        ),
        (
            "Plateforme de mobilité inclusive",
            "Les transports en commun ne desservent pas les horaires décalés.",
            "Les salariés en horaires décalés et les jeunes sans permis.",
        ),
        (
            "Vélo-école",
            "Beaucoup d'adultes ne savent pas se déplacer à vélo en sécurité.",
            "Les adultes débutants, notamment les femmes des quartiers prioritaires.",
        ),
    ],
    "competences-emploi-formation": [
        (
            "École de la transition",
            "Les métiers de la rénovation énergétique peinent à recruter.",
            "Les jeunes sans qualification et les personnes en reconversion.",
        ),
        (
            "Passeport compétences",
            "Les compétences acquises hors emploi ne sont pas reconnues.",
            "Les bénévoles, les aidants et les personnes en recherche d'emploi.",
        ),
    ],
    "retour-a-l-emploi": [
        (
            "Territoire zéro chômeur",
            "Des personnes privées d'emploi durablement veulent travailler.",
            "Les chômeurs de longue durée du territoire.",
        ),
        (
            "Entreprise à but d'emploi",
            "Des besoins utiles du territoire ne sont pas couverts par le marché.",
            "Les personnes privées durablement d'emploi.",
        ),
        (
            "Job coaching en entreprise",
            "Les entreprises et les personnes éloignées de l'emploi se rencontrent peu.",
            "Les bénéficiaires du RSA et les employeurs locaux.",
        ),
    ],
}

COLLECTIVE_SENTENCES = [
    "Le projet est porté par un comité de pilotage où siègent les partenaires, des usagers et la collectivité.",
    "Les décisions sont prises en assemblée trimestrielle, selon le principe une personne, une voix.",
    "Une convention de partenariat précise les engagements de chacun et la mise en commun des moyens.",
    "Des habitants bénévoles participent aux groupes de travail aux côtés des salariés.",
]
ORGANISATION_SENTENCES = [
    "Le projet mutualise des locaux et du matériel entre structures qui travaillaient jusqu'ici séparément.",
    "Les usagers deviennent contributeurs : ils animent eux-mêmes une partie des ateliers.",
    "Une monnaie-temps valorise les échanges de services entre participants.",
    "Les partenaires partagent un poste de coordination financé à plusieurs.",
]
ANCHORING_SENTENCES = [
    "Le projet s'appuie sur un diagnostic partagé réalisé avec les habitants {de_place}.",
    "Il mobilise les ressources locales : producteurs, artisans, associations et services publics.",
    "Les actions se déroulent au plus près des habitants, dans les villages et les quartiers.",
    "Le projet est inscrit dans le contrat local de la communauté de communes.",
]
ECONOMIC_SENTENCES = [
    "Le modèle combine des recettes d'activité, des subventions publiques et du mécénat.",
    "La vente de services couvre aujourd'hui environ {share} % du budget.",
    "Des conventions pluriannuelles avec les collectivités sécurisent le fonctionnement.",
    "Le bénévolat représente une part importante des ressources, valorisée dans les comptes.",
]
USER_INVOLVEMENT_SENTENCES = [
    "Les futurs usagers ont participé à des ateliers de conception dès le démarrage.",
    "Un panel d'usagers teste chaque nouveau service avant son lancement.",
    "Les bénéficiaires sont représentés au comité de pilotage.",
    "Des questionnaires et des entretiens réguliers recueillent l'avis des participants.",
]
SUMMARY_TEMPLATES = [
    "{stem} : une réponse collective à un besoin du territoire, portée par {count} partenaires.",
    "{stem} {de_place} : agir avec les habitants pour {topic}.",
    "Un projet coopératif pour {topic}, {a_place} et dans les communes voisines.",
]

PARTNER_NATURES = {
    "research": "Partenaire scientifique",
    "local_authority": "Partenaire institutionnel",
    "public_body": "Partenaire institutionnel",
    "funder": "Partenaire financier",
    "company": "Partenaire économique",
    "incubator": "Structure d'accompagnement",
    "coworking": "Mise à disposition de locaux",
    "third_place": "Partenaire de terrain",
    "innovation_lab": "Partenaire méthodologique",
}
DEFAULT_PARTNER_NATURE = "Partenaire opérationnel"
PARTNER_ROLES = [
    "Anime les ateliers avec les usagers et assure le lien avec les habitants.",
    "Met à disposition des locaux et du matériel.",
    "Conduit l'évaluation de l'impact social du projet.",
    "Cofinance l'expérimentation et participe au comité de pilotage.",
    "Oriente les personnes accompagnées vers le projet.",
    "Apporte son expertise technique et forme les équipes.",
    "Assure la communication et la mobilisation du réseau.",
]

SLOT_TITLES = [
    (
        "Partenaire de recherche pour l'évaluation",
        ["research"],
        ["evaluation-d-impact", "recherche-sciences-sociales"],
    ),
    (
        "Structure d'insertion pour l'accueil des salariés",
        ["association", "cooperative"],
        ["insertion-professionnelle"],
    ),
    ("Collectivité partenaire pour l'essaimage", ["local_authority"], ["financement", "acces-aux-publics"]),
    ("Entreprise pour le mécénat de compétences", ["company"], ["mecenat", "gestion-financiere"]),
    ("Lieu d'accueil des ateliers", ["third_place", "coworking", "public_body"], ["locaux", "materiel"]),
    ("Partenaire logistique", ["company", "cooperative"], ["logistique", "vehicules"]),
    (
        "Accompagnement à la structuration",
        ["incubator", "innovation_lab"],
        ["accompagnement-de-projet", "juridique"],
    ),
    ("Relais auprès des usagers", ["users_group", "association"], ["acces-aux-publics", "communication"]),
    ("Cofinanceur", ["funder"], ["financement"]),
]
SLOT_DESCRIPTIONS = [
    "Nous cherchons une structure prête à s'engager sur la durée de l'expérimentation.",
    "Un engagement de quelques jours par mois suffit pour commencer.",
    "Idéalement implantée à proximité, pour participer aux réunions mensuelles.",
    "La contribution peut être financière, matérielle ou en compétences.",
]
SUPPORT_DESCRIPTIONS = [
    "Accompagnement individuel mensuel et ateliers collectifs sur le modèle économique.",
    "Hébergement du projet et mise en relation avec le réseau de partenaires.",
    "Appui à la conception du service avec les usagers et à l'évaluation.",
    "Programme d'incubation de six mois : stratégie, financement, gouvernance.",
]

EVIDENCE = {
    "besoin-social": ["Diagnostic partagé avec les habitants.", "Liste d'attente de personnes intéressées."],
    "place-des-beneficiaires": [
        "Usagers présents au comité de pilotage.",
        "Ateliers de co-conception réguliers.",
    ],
    "collectif": ["Convention signée par les partenaires.", "Réunions mensuelles du consortium."],
    "gouvernance": ["Statuts de SCIC adoptés.", "Règles de décision écrites et partagées."],
    "ancrage-territorial": [
        "Actions dans plusieurs communes du territoire.",
        "Soutien de la communauté de communes.",
    ],
    "place-de-la-recherche": ["Convention avec un laboratoire.", "Stagiaire de master sur l'évaluation."],
    "modele-economique": ["Trois sources de financement distinctes.", "Chiffre d'affaires en progression."],
    "accessibilite": ["Tarifs solidaires selon le quotient familial.", "Permanences dans les villages."],
    "rupture": ["Service inexistant jusqu'ici sur le territoire.", "Nouvelle façon d'associer les usagers."],
    "changement-social": ["Participants devenus bénévoles.", "Pratiques des partenaires modifiées."],
    "diffusion-essaimage": ["Guide méthodologique publié.", "Deux territoires intéressés par la démarche."],
}
DEFAULT_EVIDENCE = ["Observé lors du dernier bilan.", "Constat partagé en comité de pilotage."]
ASSESSMENT_SUMMARIES = [
    "Le projet progresse sur la participation des usagers ; le modèle économique reste à consolider.",
    "Bilan positif de la phase : le collectif s'est élargi et la gouvernance est stabilisée.",
    "Les premiers résultats sont encourageants ; l'essaimage est à préparer.",
    "Année de consolidation : nouveaux partenaires et premiers emplois créés.",
]
CUSTOM_INDICATORS = [
    ("Tonnes de déchets évitées", "t"),
    ("Heures de bénévolat", "h"),
    ("Ateliers organisés", "ateliers"),
    ("Trajets réalisés", "trajets"),
]
