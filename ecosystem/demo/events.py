"""The events part of the demo: past and upcoming events of demo structures, one forum with partner meetings.

Called by ``manage.py load_demo`` after the ecosystem demo set. Events go through the event actions (so they
are valid), dated relative to the day the demo is loaded. Idempotent: an event is found by its slug. The
first registrants are demo people (the structures' members), written directly: a demo sends no email.
Without demo structures (``load_demo --actors 0``) it does nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ecosystem.actions.events import do_create_event, do_publish_event
from ecosystem.demo.actors import DEMO_SLUG_PREFIX
from ecosystem.models import SUPPORT_KINDS, Actor, Event, Membership, Registration

# (slug, title, kind, days from today, hour, hours long, capacity, online, meetings, description)
DEMO_EVENTS = [
    (
        "demo-forum-des-partenariats",
        "Forum des partenariats de l'innovation sociale",
        Event.Kind.FORUM,
        21,
        9,
        7,
        60,
        False,
        True,
        "Une journée pour rencontrer de futurs partenaires : tables rondes le matin, rendez-vous d'affaires "
        "l'après-midi.",
    ),
    (
        "demo-webinaire-modele-economique",
        "Webinaire : hybrider les ressources de son projet",
        Event.Kind.WEBINAR,
        10,
        14,
        1,
        100,
        True,
        False,
        "Subventions, prestations, mécénat : retours d'expérience de trois projets accompagnés.",
    ),
    (
        "demo-atelier-evaluation",
        "Atelier : évaluer son impact social avec les marqueurs",
        Event.Kind.WORKSHOP,
        5,
        10,
        3,
        12,
        False,
        False,
        "Atelier pratique autour de la grille des marqueurs d'innovation sociale. Apportez votre projet !",
    ),
    (
        "demo-cafe-innovation-sociale",
        "Café de l'innovation sociale",
        Event.Kind.MEETUP,
        -45,
        18,
        2,
        30,
        False,
        False,
        "Rencontre informelle entre porteurs de projets, structures d'accompagnement et collectivités.",
    ),
]


def _hosts() -> list[Actor]:
    demo = Actor.objects.filter(slug__startswith=DEMO_SLUG_PREFIX, is_public=True).select_related("commune")
    support = list(demo.filter(kind__in=SUPPORT_KINDS).order_by("slug")[:4])
    return support or list(demo.order_by("slug")[:4])


@transaction.atomic
def load_events_demo() -> list[str]:
    hosts = _hosts()
    if not hosts:
        return ["events: no demo structure to host them"]
    today = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    created = 0
    for index, (slug, title, kind, days, hour, hours, capacity, online, meetings, text) in enumerate(
        DEMO_EVENTS
    ):
        if Event.objects.filter(slug=slug).exists():
            continue
        host = hosts[index % len(hosts)]
        starts_at = (today + timedelta(days=days)).replace(hour=hour)
        data = {
            "title": title,
            "kind": kind,
            "description": text,
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=hours),
            "capacity": capacity,
            "accessibility": "Lieu accessible en fauteuil roulant ; boucle magnétique sur demande.",
            "meetings_enabled": meetings,
            "themes": list(host.themes.all()[:2]),
        }
        if online:
            data["online_url"] = "https://visio.example.org/essaim-webinaire"
        else:
            data["address"] = host.address or "Salle commune"
            data["commune"] = host.commune
        event = do_create_event(host, data)
        Event.objects.filter(pk=event.pk).update(slug=slug)
        do_publish_event(event)
        members = Membership.objects.filter(actor__slug__startswith=DEMO_SLUG_PREFIX).exclude(actor=host)
        people = members.values_list("user_id", flat=True).distinct().order_by("user_id")[: capacity // 4]
        Registration.objects.bulk_create(
            Registration(event_id=event.pk, user_id=user_id, status=Registration.Status.CONFIRMED)
            for user_id in people
        )
        created += 1
    return [f"events: {created} created ({len(DEMO_EVENTS)} in the demo set)"]
