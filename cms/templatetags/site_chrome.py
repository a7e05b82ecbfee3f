"""The header's menu and the footer's links, in the language of the page being read."""

from django import template

from cms import chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def site_navigation(context) -> chrome.Navigation:
    """The site settings' owner, accessibility status and contact, the pages they choose, the main menu and
    the footer's links (``cms.chrome``): no query when the request has read the index generation already,
    one otherwise, and the settings, the site and the pages only once per generation."""
    return chrome.for_request(context.get("request"))
