"""Real-time publishing from the domain: channel-layer group names and a publish helper.

Domain actions publish here and never import ``spaces``; the ``spaces`` consumers subscribe to these groups.
Publishing is always scheduled on commit, so nobody is told about a write that was rolled back.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def user_group(user_id: int) -> str:
    """The group a user's own connections join: notifications, unread counts, access changes."""
    return f"user.{user_id}"


def publish(group: str, event_type: str, payload: dict) -> None:
    """Send ``payload`` to every connection in ``group`` once the current transaction commits."""

    def send():
        layer = get_channel_layer()
        # The group is named in the event: a process that listens to many groups on one channel tells them
        # apart by it (spaces.consumers.shared_channel).
        async_to_sync(layer.group_send)(group, {"type": event_type, "payload": payload, "group": group})

    transaction.on_commit(send)
