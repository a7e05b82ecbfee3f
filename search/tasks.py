"""Background tasks of the search package: bringing one object's index entry up to date.

Actions enqueue :func:`refresh_entry` on commit. On the embedded default the task runs at once in the
request; in the scaled deployment the django-tasks worker runs it, so a slow or unreachable search service
never delays a person's request. The task takes the model label and primary key (JSON arguments), reads the
object again when it runs, and indexes it or removes it, so a late or repeated run is always right.
"""

from django.apps import apps
from django_tasks import task

from . import index, unindex


@task()
def refresh_entry(model_label: str, pk: int) -> bool:
    model = apps.get_model(model_label)
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        return unindex(model, pk)
    return index(obj)
