"""« Mes notifications » and the small JSON view the header's live script reads its counts from."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ecosystem.actions.notifications import mark_notifications_read, unread_count
from ecosystem.models import Notification
from spaces.unread import unread_counts

NOTIFICATIONS_PER_PAGE = 30


@login_required
def notification_list(request):
    """The person's notifications, newest first; opening the list marks them read (the bell goes to zero)."""
    notifications = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)  # read before marking, so the new ones are still shown as new
    unread_ids = [n.pk for n in shown if n.read_at is None]
    if unread_ids:
        mark_notifications_read(request.user, unread_ids)
    return render(
        request,
        "spaces/notification_list.html",
        {"page_obj": page, "notifications": shown, "new": set(unread_ids)},
    )


@login_required
@require_POST
def notifications_read(request):
    marked = mark_notifications_read(request.user)
    if marked:
        flash.success(request, _("All notifications are marked as read."))
    return redirect("spaces:notifications")


@never_cache
def counts(request):
    """``{"total", "rooms": {id: unread}, "notifications"}`` for the header; zeros for anonymous visitors."""
    user = request.user
    if not user.is_authenticated:
        return JsonResponse({"total": 0, "rooms": {}, "notifications": 0})
    rooms = unread_counts(user)
    return JsonResponse(
        {
            "total": sum(rooms.values()),
            "rooms": {str(pk): n for pk, n in rooms.items() if n},
            "notifications": unread_count(user),
        }
    )
