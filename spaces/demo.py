"""The spaces part of the demo: a hosted space with a public and a private room, project rooms, a direct
conversation, each with a few messages. Called by ``manage.py load_demo`` after the ecosystem demo set.

A data loader like :mod:`ecosystem.demo`: it writes straight to the models (numbering the messages itself),
sends no notification and publishes nothing. The space actions' ``do_*`` halves would notify the people let
in and the message actions would date messages now: the demo needs a space at a fixed slug, messages spread
over the past hours and quiet bells, and nothing of a space is indexed, so it does not go through them. Idempotent: rows are found by their natural keys, and a room
receives its demo messages only while it has none, so running it again changes nothing.

What it needs: the demo actors and projects (``generate_demo``). Without them (``load_demo --actors 0``) it
does nothing. The demo account camille@essaim.localhost becomes a member of the space; it sees the rooms of
projects 0 and 1 through its association (actor 0), and the conversation someone started with that association.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ecosystem.demo.actors import DEMO_SLUG_PREFIX
from ecosystem.demo.generator import DEMO_ACCOUNT_EMAIL
from ecosystem.models import SUPPORT_KINDS, Actor, ActorKind, Event, Membership, Partnership, Project, User
from spaces.actions.events import do_organise_event
from spaces.models import Message, ReadMarker, Room, Space, SpaceMember

SPACE_SLUG = "demo-communaute"
# A tiers-lieu's space and the event it organises (issue #17): lea@ manages it (admin of the tiers-lieu),
# sacha@ and camille@ are its members. Both accounts are demo accounts of load_demo.
TIERS_LIEU_SLUG = "demo-tiers-lieu"
TIERS_LIEU_MANAGER = "lea@essaim.localhost"
TIERS_LIEU_MEMBERS = ("sacha@essaim.localhost", DEMO_ACCOUNT_EMAIL)
TIERS_LIEU_EVENT = "demo-atelier-tiers-lieu"

SPACE_CONVERSATION = [
    "Bienvenue dans la communauté ! Présentez-vous ici : qui êtes-vous, quel projet portez-vous ?",
    "Bonjour à toutes et à tous, ravie de rejoindre l'espace. Nous cherchons un partenaire pour la mobilité.",
    "Atelier « modèle économique » jeudi 14 h, salle du rez-de-chaussée. Le support : https://example.org/atelier",
    "Merci pour l'atelier ! @{camille} tu avais parlé d'un retour d'expérience sur l'évaluation, ça m'intéresse.",
]
PRIVATE_CONVERSATION = [
    "Point d'étape de la promotion : chacun met à jour ses marqueurs d'innovation sociale avant la fin du mois.",
    "C'est fait pour nous. Question : les bénéficiaires peuvent-ils participer au prochain comité ?",
    "Oui, c'est même recommandé par l'appel à projets (implication des usagers).",
]
PROJECT_CONVERSATION = [
    "Bonjour à tous les partenaires, voici le salon du projet. Le compte rendu de la réunion est en ligne.",
    "Merci ! De notre côté la convention de partenariat est signée.",
    "Prochaine étape : le dossier pour l'appel SIEG. Qui relit la partie « ancrage territorial » ?",
    "Je m'en charge d'ici vendredi.",
]
DIRECT_CONVERSATION = [
    "Bonjour, nous aimerions essaimer votre démarche sur notre territoire. Pourrions-nous en parler ?",
]


def _demo_actor(index: int) -> Actor | None:
    return Actor.objects.filter(slug__startswith=f"{DEMO_SLUG_PREFIX}{index}-").first()


def _demo_project(index: int) -> Project | None:
    return Project.objects.filter(slug__startswith=f"{DEMO_SLUG_PREFIX}{index}-").first()


def _members(*actors) -> list[User]:
    ids = (
        Membership.objects.filter(actor__in=actors)
        .order_by("actor_id", "pk")
        .values_list("user_id", flat=True)
    )
    users = User.objects.in_bulk(list(ids))
    return [users[pk] for pk in dict.fromkeys(ids)]


def _seed(room: Room, authors: list[User], texts: list[str], context: dict) -> int:
    """Give ``room`` its demo messages, authors taking turns, an hour or so apart; only once."""
    if room.last_seq or not authors:
        return 0
    now = timezone.now()
    for number, text in enumerate(texts, start=1):
        message = Message.objects.create(
            room=room,
            seq=number,
            version=number,
            author=authors[(number - 1) % len(authors)],
            text=text.format(**context),
        )
        Message.objects.filter(pk=message.pk).update(
            created_at=now - timedelta(minutes=67 * (len(texts) - number + 1))
        )
    room.last_seq = len(texts)
    room.save(update_fields=["last_seq"])
    # Authors have read the room up to their own last message; everyone else finds it unread.
    last_own = {}
    for number in range(1, len(texts) + 1):
        last_own[authors[(number - 1) % len(authors)].pk] = number
    for user_id, seq in last_own.items():
        ReadMarker.objects.get_or_create(room=room, user_id=user_id, defaults={"last_read_seq": seq})
    return len(texts)


@transaction.atomic
def load_spaces_demo() -> list[str]:
    """Create what is missing of the spaces demo; returns lines for the console."""
    host = (
        Actor.objects.filter(slug__startswith=DEMO_SLUG_PREFIX, kind__in=SUPPORT_KINDS).order_by("pk").first()
    )
    camille = User.objects.filter(email=DEMO_ACCOUNT_EMAIL).first()
    if host is None:
        return ["spaces demo: skipped (no demo support structure)"]
    context = {"camille": "camille-lefebvre"}
    managers = _members(host)
    space, _ = Space.objects.get_or_create(
        slug=SPACE_SLUG,
        defaults={
            "host": host,
            "name": f"Communauté {host.name}"[:120],
            "description": "L'espace d'échange des structures accompagnées : entraide, ateliers, annonces.",
        },
    )
    accompanied = [actor for actor in (_demo_actor(0), _demo_actor(2), _demo_actor(5)) if actor is not None]
    members = _members(*accompanied)[:4]
    if camille is not None:
        members = [camille, *[m for m in members if m.pk != camille.pk]]
    for person in members:
        SpaceMember.objects.get_or_create(
            space=space, user=person, defaults={"added_by": managers[0] if managers else None}
        )

    created = 0
    public, _ = Room.objects.get_or_create(
        space=space, kind=Room.Kind.PUBLIC, name="Accueil", defaults={"topic": "Présentations et annonces"}
    )
    created += _seed(public, [*managers[:1], *members[:3]], SPACE_CONVERSATION, context)
    private, _ = Room.objects.get_or_create(
        space=space,
        kind=Room.Kind.PRIVATE,
        name="Promotion 2026",
        defaults={"topic": "Les projets accompagnés"},
    )
    created += _seed(private, [*managers[:1], *members[:2]], PRIVATE_CONVERSATION, context)

    rooms = 2
    for index in (0, 1):
        project = _demo_project(index)
        if project is None:
            continue
        room, _ = Room.objects.get_or_create(
            project=project, defaults={"kind": Room.Kind.PROJECT, "name": project.title[:120]}
        )
        partners = Partnership.objects.filter(project=project, status=Partnership.Status.ACTIVE).values(
            "actor"
        )
        people = _members(project.lead_actor, *Actor.objects.filter(pk__in=partners).order_by("pk"))
        authors = [p for p in people if p.pk != getattr(camille, "pk", None)][:3]
        created += _seed(room, authors, PROJECT_CONVERSATION, context)
        rooms += 1

    association = _demo_actor(0)
    starter = next(iter(_members(*accompanied[1:])), None)
    if association is not None and starter is not None:
        direct, _ = Room.objects.get_or_create(
            kind=Room.Kind.DIRECT,
            contact_actor=association,
            started_by=starter,
            defaults={"name": association.name[:120]},
        )
        created += _seed(direct, [starter], DIRECT_CONVERSATION, context)
        rooms += 1
    return [
        f"spaces demo: space « {space.name} », {rooms} rooms, {created} messages created",
        *_tiers_lieu_demo(),
    ]


def _tiers_lieu_demo() -> list[str]:
    """The tiers-lieu's space, its manager and members, and an upcoming workshop it organises."""
    host = (
        Actor.objects.filter(slug__startswith=DEMO_SLUG_PREFIX, kind=ActorKind.THIRD_PLACE, is_public=True)
        .order_by("pk")
        .first()
    )
    if host is None:
        return ["tiers-lieu demo: skipped (no demo tiers-lieu)"]
    manager = User.objects.filter(email=TIERS_LIEU_MANAGER).first()
    if manager is not None and not Membership.objects.filter(user=manager, actor=host).exists():
        Membership.objects.create(user=manager, actor=host, role=Membership.Role.ADMIN)
    space, _ = Space.objects.get_or_create(
        slug=TIERS_LIEU_SLUG,
        defaults={
            "host": host,
            "name": f"Tiers-lieu {host.name}"[:120],
            "description": "Les résidents et voisins du tiers-lieu : ateliers, forums, entraide.",
            "created_by": manager,
        },
    )
    for person in User.objects.filter(email__in=TIERS_LIEU_MEMBERS).order_by("pk"):
        SpaceMember.objects.get_or_create(space=space, user=person, defaults={"added_by": manager})
    if Event.objects.filter(slug=TIERS_LIEU_EVENT).exists():
        return [f"tiers-lieu demo: space « {space.name} » (already there)"]
    starts_at = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=12)
    event = do_organise_event(
        space,
        {
            "title": "Atelier du tiers-lieu : monter un projet à plusieurs",
            "kind": Event.Kind.WORKSHOP,
            "description": "Deux heures pour croiser les projets des résidents et trouver des partenaires.",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2),
            "address": host.address or "Salle commune",
            "commune": host.commune,
            "capacity": 20,
            "accessibility": "Plain-pied, accessible en fauteuil roulant.",
            "themes": list(host.themes.all()[:2]),
        },
        created_by=manager,
    )
    # Published by writing the row: the agenda's do_publish_event would tell the space's members in their
    # bell, and a demo is quiet; the search index is rebuilt at the end of load_demo.
    Event.objects.filter(pk=event.pk).update(slug=TIERS_LIEU_EVENT, status=Event.Status.PUBLISHED)
    return [f"tiers-lieu demo: space « {space.name} » and its event created"]
