"""Following and activities in templates: the « Suivre » button, an activity's sentence and link, the public
news stream of the home page (cms may import ecosystem)."""

from django import template

from ecosystem import feed
from ecosystem.actions.follows import is_following
from ecosystem.actions.moderation import hide_reason

register = template.Library()


@register.inclusion_tag("ecosystem/follow_button.html", takes_context=True)
def follow_button(context, target, following=None):
    """« Suivre » / « Ne plus suivre » for ``target`` (a plain POST form); nothing for anonymous visitors.

    ``following`` when the caller already knows it (a list of follows) spares the query.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "csrf_token": context.get("csrf_token"),
        "show": bool(user and user.is_authenticated),
        "target": target,
        "target_kind": target._meta.model_name,
        "following": is_following(user, target) if following is None else following,
        "next": request.get_full_path() if request else "",
    }


@register.inclusion_tag("ecosystem/activity_news.html")
def latest_news(count=8):
    """« Dernières nouvelles de l'écosystème »: the newest public activities (two queries)."""
    return {"activities": list(feed.public_feed()[:count])}


@register.filter
def activity_sentence(activity) -> str:
    return feed.sentence(activity)


@register.filter
def activity_link(activity) -> str:
    return feed.link(activity)


@register.inclusion_tag("ecosystem/moderation_notice.html")
def moderation_notice(target):
    """For the few who still see content the moderators hid (its people, staff): that it is hidden, and why.
    Nothing (and no query) for content that is not hidden."""
    if not getattr(target, "hidden_by_moderators", False):
        return {"hidden": False}
    return {"hidden": True, "reason": hide_reason(target)}
