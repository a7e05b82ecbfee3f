"""What the spaces hold about a person, added to the personal-data export of "Mon espace".

Registered from ``SpacesConfig.ready()`` (ecosystem may not import spaces). On account deletion the messages
stay, attributed to a former member, as the projects a person created do: a discussion keeps its meaning for
the others. The person can delete each message beforehand.
"""

from spaces.models import Message, ReadMarker, RoomMember, SpaceMember


def export(user) -> dict:
    messages = (
        Message.objects.filter(author=user, deleted_at=None)
        .select_related("room")
        .order_by("created_at", "pk")
    )
    return {
        "messages": [
            {
                "room": message.room.name,
                "room_id": message.room_id,
                "text": message.text,
                "attachment": bool(message.attachment),
                "created_at": message.created_at,
                "edited_at": message.edited_at,
            }
            for message in messages
        ],
        "space_memberships": [
            {"space": member.space.name, "since": member.created_at}
            for member in SpaceMember.objects.filter(user=user).select_related("space").order_by("pk")
        ],
        "room_memberships": [
            {"room": member.room.name, "role": member.role, "since": member.created_at}
            for member in RoomMember.objects.filter(user=user).select_related("room").order_by("pk")
        ],
        "read_markers": [
            {"room": marker.room.name, "last_read_seq": marker.last_read_seq}
            for marker in ReadMarker.objects.filter(user=user).select_related("room").order_by("pk")
        ],
    }
