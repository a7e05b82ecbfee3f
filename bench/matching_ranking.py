"""One slot's ranking among every structure, timed in a child process next to a brute-force baseline.

``python -m bench.matching_ranking`` (bench settings, the search backend of its environment) picks the demo
slot with the most candidates (an open slot of a published project, the widest scope first), makes
sure the bench's staff account exists (the slot page is shown to it), then times in one process:

* **engine** — :func:`ecosystem.matching.suggest_for_slot`: light rows and bounds for every candidate, full
  profiles loaded by decreasing bound (a few queries),
  set operations, text relevance through the search backend;
* **brute force** — the baseline: every structure loaded as an object with its relations prefetched, the
  hard filters and every part computed structure by structure in plain Python (text by word forms, as the
  reverse side does), then sorted.

Each is run once untimed first (cold caches), then ``--repeat`` times; prints one JSON object on stdout with
both timings' p50/p95, the number of candidates and queries, and how far the two top tens agree.
"""

import argparse
import json
import sys

BENCH_STAFF_EMAIL = "bench-staff@essaim.localhost"


def pick_slot():
    """The open slot of a published project with the most candidates: a wide scope first (« anywhere »,
    « région »), then the most resources sought."""
    from django.db.models import Case, Count, IntegerField, Value, When

    from ecosystem.access import public_projects_q
    from ecosystem.models import PartnerSlot, Project

    wide = Case(
        When(scope__in=["anywhere", "region"], then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        PartnerSlot.objects.filter(is_open=True, project__in=Project.objects.filter(public_projects_q()))
        .annotate(sought=Count("seeks"), narrow=wide)
        .select_related("project")
        .order_by("narrow", "-sought", "pk")
        .first()
    )


def ensure_staff_user():
    from ecosystem.models import User

    user = User.objects.filter(email=BENCH_STAFF_EMAIL).first()
    return user or User.objects.create_user(email=BENCH_STAFF_EMAIL, password=None, is_staff=True)


def brute_force(slot, weights, limit: int = 10) -> list[int]:
    """The baseline ranking: object by object, in Python (same parts, same weights)."""
    from django.db.models import Prefetch
    from django.utils import timezone

    from ecosystem.matching import parts, profiles, relevance
    from ecosystem.matching.ranking import RELEVANT_PARTS
    from ecosystem.matching.weights import PARTS
    from ecosystem.models import Actor, InvitationOptOut, PartnerInvitation, Partnership, Territory
    from ecosystem.territories import commune_chain

    resources = profiles.resource_labels()
    (context,) = profiles.slot_contexts(type(slot).objects.filter(pk=slot.pk), resources)
    project, now = context.slot.project, timezone.now()
    invitations = list(PartnerInvitation.objects.filter(project=project))
    opted_out = set(InvitationOptOut.objects.filter(project=project).values_list("actor_id", flat=True))
    words = relevance.slot_words(context)
    consortium_offers = context.consortium_offers
    actors = Actor.objects.select_related("commune").prefetch_related(
        "offers",
        "seeks",
        Prefetch("commune__departement", queryset=Territory.objects.all()),
        Prefetch("partnerships", queryset=Partnership.objects.all()),
        Prefetch("led_projects__partnerships", queryset=Partnership.objects.all()),
    )
    scored = []
    for actor in actors:
        if not (actor.is_public and actor.open_to_partnerships) or actor.pk in opted_out:
            continue
        if actor.pk == project.lead_actor_id:
            continue
        active = [p for p in actor.partnerships.all() if p.status == Partnership.Status.ACTIVE]
        if any(p.project_id == project.pk for p in active):
            continue
        mine = [i for i in invitations if i.actor_id == actor.pk]
        if any(i.status == "pending" and i.expires_at > now for i in mine):
            continue
        if any(
            i.slot_id == slot.pk and (i.status in ("declined", "expired") or i.status == "pending")
            for i in mine
        ):
            continue
        chain = commune_chain(actor.commune)
        if context.area is not None and context.area.pk not in chain:
            continue
        profile = profiles.Profile(
            pk=actor.pk,
            name=actor.name,
            kind=actor.kind,
            offers={
                **{resources[r.pk][0]: r.name for r in actor.offers.all()},
                **profiles._tags(actor.offers_tags),
            },
            seeks={
                **{resources[r.pk][0]: r.name for r in actor.seeks.all()},
                **profiles._tags(actor.seeks_tags),
            },
            point=(actor.commune.latitude, actor.commune.longitude) if actor.commune else None,
            chain=chain,
            connected=bool(active) or any(p.partnerships.all() for p in actor.led_projects.all()),
        )
        evidence = parts.Evidence()
        values = {
            "fit": parts.fit(context, profile, evidence),
            "text": parts.text(
                words, relevance.local_matches(words, relevance.actor_stems(actor, profile)), evidence
            ),
            "kind": parts.kind(context, profile, evidence),
            "complementarity": parts.complementarity(context, profile, consortium_offers, evidence),
            "reciprocity": parts.reciprocity(profile, consortium_offers, evidence),
            "territory": parts.territory(context, profile, evidence),
            "ties": 0.0,  # the baseline leaves out the two-hop ties (the engine's two queries)
            "newcomer": parts.newcomer(profile),
        }
        if not any(values[name] * getattr(weights, name) > 0 for name in RELEVANT_PARTS):
            continue
        score = sum(getattr(weights, name) * values[name] for name in PARTS)
        scored.append((-score, actor.name.casefold(), actor.pk))
    return [pk for *_key, pk in sorted(scored)[:limit]]


def measure(repeat: int, baseline_repeat: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.stats import timed_ms, timing_figures
    from ecosystem.matching import current_weights, suggest_for_slot
    from ecosystem.matching.candidates import for_slot
    from ecosystem.matching.profiles import resource_labels, slot_contexts
    from ecosystem.models import Actor

    slot = pick_slot()
    if slot is None:
        raise SystemExit(
            "no open slot of a published project with scope « anywhere » or « région » in the demo set"
        )
    ensure_staff_user()
    weights = current_weights()
    (context,) = slot_contexts(type(slot).objects.filter(pk=slot.pk), resource_labels())
    engine_ms, suggestions = timed_ms(lambda: suggest_for_slot(slot, weights=weights), repeat)
    brute_ms, brute_top = timed_ms(lambda: brute_force(slot, weights), baseline_repeat)
    with CaptureQueriesContext(connection) as queries:
        suggest_for_slot(slot, weights=weights)
    engine_top = [s.actor.pk for s in suggestions]

    return {
        "backend": settings.SEARCH_BACKEND,
        "slot": {"id": slot.pk, "title": slot.title, "project": slot.project.slug, "scope": slot.scope},
        "structures": Actor.objects.count(),
        "candidates": for_slot(context).count(),
        "queries": len(queries.captured_queries),
        "engine": timing_figures(engine_ms),
        "brute_force": timing_figures(brute_ms),
        "top10_agreement": len(set(engine_top) & set(brute_top)) / max(len(engine_top), 1),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.matching_ranking")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--baseline-repeat", type=int, default=5)
    arguments = parser.parse_args()
    json.dump(measure(arguments.repeat, arguments.baseline_repeat), sys.stdout)
