"""The one way actions copy given values onto a row (after HackSoft's ``model_update``).

Each writable model lists its editable fields once, as ``<MODEL>_FIELDS`` in the action module that writes it;
the forms build their ``Meta.fields`` from the same tuple, so a field is declared in one place.
"""

from collections.abc import Iterable, Mapping

from django.db import models


def model_update(
    instance: models.Model,
    fields: Iterable[str],
    data: Mapping,
    *,
    may_be_blank: Iterable[str] = (),
) -> tuple[models.Model, bool]:
    """Set on ``instance`` those of ``fields`` that ``data`` holds; returns ``(instance, changed)``.

    Plain fields that differ are set, validated (``full_clean`` of the changed fields, except ``may_be_blank``:
    what a draft may leave empty and the action checks itself) and saved with ``update_fields`` (plus
    ``updated_at`` when the model has one). A new row is saved whole. Many-to-many fields are ``set`` after
    the save. Strings are stripped. Nothing is saved when nothing changed.
    """
    model_fields = {field.name: field for field in instance._meta.get_fields()}
    adding = instance._state.adding
    changed, relations = [], {}
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if isinstance(model_fields[name], models.ManyToManyField):
            relations[name] = value
            continue
        value = value.strip() if isinstance(value, str) else value
        if adding or getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    if changed or adding:
        untouched = [name for name in model_fields if name not in changed]
        instance.full_clean(exclude=[*untouched, *may_be_blank], validate_unique=False)
        if adding:
            instance.save()
        else:
            if "updated_at" in model_fields:
                changed.append("updated_at")
            instance.save(update_fields=changed)
    for name, value in relations.items():
        manager = getattr(instance, name)
        before = set(manager.values_list("pk", flat=True)) if not adding else set()
        manager.set(value)
        if {item.pk for item in value} != before:
            changed.append(name)
    return instance, bool(changed) or adding
