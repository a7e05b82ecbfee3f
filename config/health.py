"""/healthz: is this process able to serve? Checks the database, the channel layer and the search backend.

Answers 200 when all are reachable, 503 naming the ones that failed. Used by load balancers and the
container orchestrator, so it never needs a session or a login and never reveals more than a status.
"""

import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import search

logger = logging.getLogger(__name__)
CHANNEL_LAYER_TIMEOUT = 2.0


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _channel_layer_round_trip() -> None:
    import asyncio

    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel("healthz.")
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz.ping", "token": token})
    message = await asyncio.wait_for(layer.receive(channel), CHANNEL_LAYER_TIMEOUT)
    if message.get("token") != token:
        raise RuntimeError("channel layer returned another message")


def check_channel_layer() -> None:
    async_to_sync(_channel_layer_round_trip)()


def check_search() -> None:
    search.get_backend().ping()


CHECKS = {"database": check_database, "channel_layer": check_channel_layer, "search": check_search}


@never_cache
@require_GET
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure is a failed dependency; the reason goes to the logs only
            logger.warning("healthz: %s failed: %s", name, exc)
            results[name] = "error"
        else:
            results[name] = "ok"
    healthy = all(state == "ok" for state in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503
    )
