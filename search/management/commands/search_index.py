"""``manage.py search_index --rebuild [--model app.model]``: rebuild the search index from the live tables."""

import sys

from django.core.management.base import BaseCommand, CommandError

import search


class Command(BaseCommand):
    help = "Rebuild the search index of every registered spec (or one, with --model) from scratch."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Empty the index and index everything.")
        parser.add_argument("--model", help="Only this model, as app_label.model (e.g. ecosystem.actor).")

    def handle(self, *args, rebuild=False, model=None, **options):
        if not rebuild:
            raise CommandError("Nothing to do: pass --rebuild.")
        chosen = search.specs()
        if model:
            chosen = [spec for spec in chosen if spec.label == model.lower()]
            if not chosen:
                labels = ", ".join(spec.label for spec in search.specs())
                raise CommandError(f"{model} is not searchable; choose among: {labels}")
        backend = search.get_backend()
        try:
            backend.ping()
        except search.SearchBackendUnavailable as exc:
            raise CommandError(f"The {backend.name} search backend is unavailable: {exc}") from exc
        err = options.get("stderr") or sys.stderr

        def progress(spec, done, total):
            err.write(f"\r{spec.label}: {done}/{total}")
            if done >= total:
                err.write("\n")
            err.flush()

        for spec in chosen:
            count = search.rebuild(spec, progress=progress)
            self.stdout.write(f"{spec.label}: {count} indexed with the {backend.name} backend.")
