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
from ecosystem.models import SUPPORT_KINDS, Actor, Membership, Partnership, Project, User
from spaces.models import Message, ReadMarker, Room, Space, SpaceMember

SPACE_SLUG = "demo-communaute"

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
    return [f"spaces demo: space « {space.name} », {rooms} rooms, {created} messages created"]
