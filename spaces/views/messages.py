"""Messages over plain HTTP: post (with an optional image), edit, delete, permalink, attachment.

These are the pages a browser without JavaScript uses; the live client does the same through the WebSocket.
Each view reads the message through ``spaces.access`` (404 when the room is not the person's), asks the
access rule for the action, and lets the action do the write.
"""

import mimetypes

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spaces import access, actions, limits
from spaces.forms import MessageEditForm, MessageForm
from spaces.serializers import room_label
from spaces.views.common import add_action_error, positive_int
from spaces.views.room_page import room_context


def _room_url(room, message=None) -> str:
    url = reverse("spaces:room", args=[room.pk])
    return f"{url}#message-{message.pk}" if message is not None else url


@login_required
@require_POST
def message_post(request, pk):
    room = access.get_visible_room_or_404(request.user, pk)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            message = actions.post_message(
                request.user,
                room,
                text=data["text"],
                reply_to_id=data["reply_to"],
                client_id=data["client_id"],
                attachment=data["attachment"],
            )
        except ValidationError as error:
            add_action_error(form, error)
        except PermissionDenied:
            flash.error(request, _("This room is archived: nobody can post in it any more."))
            return redirect(_room_url(room))
        else:
            flash.success(request, _("Message sent."))
            return redirect(_room_url(room, message))
    # Shown again on the latest page, with what was typed and the error beside the field.
    context = room_context(request, room, form=form, reply_to_id=positive_int(request.POST.get("reply_to")))
    return render(request, "spaces/room_detail.html", context)


@login_required
def message_permalink(request, pk):
    """Redirect to the page of the room's history that holds the message, scrolled to it."""
    message = access.get_visible_message_or_404(request.user, pk)
    room = message.room
    page_size = limits.history_page()
    url = reverse("spaces:room", args=[room.pk])
    # Sequence numbers have no holes (deleted messages stay as tombstones): the count of newer messages is
    # the difference, and the latest page shows the last ``page_size`` of them.
    if room.last_seq - message.seq >= page_size:
        url = f"{url}?avant={message.seq + page_size // 2 + 1}"
    return redirect(f"{url}#message-{message.pk}")


@login_required
def attachment(request, pk):
    """The image of a message, for the people who may read its room only (never a public media URL)."""
    message = access.get_visible_message_or_404(request.user, pk)
    if not message.attachment or message.is_deleted:
        raise Http404
    content_type = mimetypes.guess_type(message.attachment.name)[0] or "application/octet-stream"
    if not content_type.startswith("image/"):
        raise Http404
    response = FileResponse(message.attachment.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _own_message_or_404(user, pk, rule):
    message = access.get_visible_message_or_404(user, pk)
    if not rule(user, message):
        raise Http404  # may read the room, not change this message: no hint beyond "not here"
    return message


@login_required
def message_edit(request, pk):
    message = _own_message_or_404(request.user, pk, access.can_edit_message)
    form = MessageEditForm(request.POST or None, initial={"text": message.text})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_message(request.user, message, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_action_error(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            flash.success(request, _("Message edited."))
            return redirect("spaces:message", pk=message.pk)
    context = {"message": message, "room": message.room, "room_name": room_label(message.room, request.user)}
    return render(request, "spaces/message_edit.html", context | {"form": form})


@login_required
def message_delete(request, pk):
    """A confirmation page, then the deletion (the author, or a manager of the space as moderation)."""
    message = _own_message_or_404(request.user, pk, access.can_delete_message)
    if request.method == "POST":
        try:
            actions.delete_message(request.user, message)
        except PermissionDenied:
            raise Http404 from None
        flash.success(request, _("Message deleted."))
        return redirect("spaces:message", pk=message.pk)
    context = {"message": message, "room": message.room, "room_name": room_label(message.room, request.user)}
    return render(request, "spaces/message_delete.html", context)
