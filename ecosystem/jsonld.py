"""schema.org JSON-LD written safely into a page: the one serialisation every JSON-LD builder uses.

The builders live with their pages (``directory/jsonld.py`` for actors and projects, the event page in
``ecosystem/views/events.py``); they all print their document inside ``<script type="application/ld+json">``,
so they all need the same escaping. It lives here, in the lower layer, because ``ecosystem`` may not import
``directory``.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

SCHEMA_ORG = "https://schema.org"
# The escapes of django.utils.html.json_script: nothing inside the JSON can end or open an HTML element, so
# text typed by users (``</script>`` in a description) cannot close the script element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_safe(data) -> SafeString:
    """``data`` as compact JSON that is safe to place inside a ``<script>`` element as it is."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped just above


class JsonLd(dict):
    """A JSON-LD document; ``serialised`` is the text safe to place inside a ``<script>`` element."""

    @property
    def serialised(self) -> SafeString:
        return script_safe(self)
