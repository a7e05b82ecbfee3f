"""The audit trail of the call's workflow: who did what, when, on which object (DESIGN.md, issue #13).

:func:`record` is a trusted writer, called by the call actions inside their own transaction, so an entry
exists exactly when the step it records was committed. Entries are append-only (``AuditEntry`` refuses to be
saved twice or deleted); staff read them in the admin.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ecosystem.models import AuditEntry


def record(who, what: str, obj: models.Model, **details) -> AuditEntry:
    """Append ``what`` (a stable machine name such as ``application.submitted``) done by ``who`` on ``obj``."""
    person = who if who is not None and who.is_authenticated else None
    return AuditEntry.objects.create(
        who=person,
        who_name=person.get_full_name()[:200] if person else "",
        what=what,
        object_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        details=details,
    )


def trail(obj: models.Model):
    """The entries about ``obj``, newest first."""
    return AuditEntry.objects.filter(object_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
