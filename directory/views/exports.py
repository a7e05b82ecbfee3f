"""Open-data exports of the directory: the current search (same GET parameters as the page) as CSV or JSON.

The whole result set, up to ``MAX_ROWS``, read at once through the configured search backend
(``result_set.whole_result_set``), so only
public actors are ever exported. Field names follow the data·inclusion "structure" schema where one fits
(``siret``, ``rna``, ``nom``, ``commune``, ``code_insee``, ``code_postal``, ``typologie``, ``thematiques``,
``presentation_resume``, ``date_maj`` …). Only what the public page shows is exported: the contact email only
when the actor consented (``show_contact``). Published under the Licence Ouverte 2.0 (Etalab), stated in the
``X-Licence`` header, the file name, and the JSON envelope.
"""

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from directory.forms import DirectorySearchForm
from ecosystem.models import Actor
from search import SearchBackendUnavailable

from .result_set import whole_result_set

MAX_ROWS = 10_000
SUMMARY_LENGTH = 280
LICENCE = "Licence Ouverte 2.0 (Etalab-2.0)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_HEADER = f"{LICENCE} {LICENCE_URL}"
FILENAME = "annuaire-essaim-licence-ouverte-2.0"
FIELDS = (
    "id",
    "siret",
    "rna",
    "nom",
    "typologie",
    "commune",
    "code_insee",
    "code_postal",
    "adresse",
    "latitude",
    "longitude",
    "site_web",
    "courriel",
    "thematiques",
    "presentation_resume",
    "ouvert_aux_partenariats",
    "lien_source",
    "date_maj",
)


def _record(actor: Actor, request) -> dict:
    commune = actor.commune
    return {
        "id": actor.slug,
        "siret": actor.siret,
        "rna": actor.rna,
        "nom": actor.name,
        "typologie": actor.kind,
        "commune": commune.name if commune else "",
        "code_insee": commune.code if commune else "",
        "code_postal": (commune.postal_codes or [""])[0] if commune else "",
        "adresse": actor.address,
        "latitude": commune.latitude if commune else None,
        "longitude": commune.longitude if commune else None,
        "site_web": actor.website,
        "courriel": actor.contact_email if actor.show_contact else "",
        "thematiques": [theme.slug for theme in actor.themes.all()],
        "presentation_resume": Truncator(actor.description.strip()).chars(SUMMARY_LENGTH),
        "ouvert_aux_partenariats": actor.open_to_partnerships,
        "lien_source": request.build_absolute_uri(reverse("directory:actor_detail", args=[actor.slug])),
        "date_maj": timezone.localtime(actor.updated_at).date().isoformat(),
    }


def _prepare(request):
    form = DirectorySearchForm(request.GET)
    form.is_valid()
    return form


def _unavailable():
    return HttpResponse(
        "The directory search is temporarily unavailable; please try again later.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )


def _licensed(response, total: int, exported: int, extension: str):
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}.{extension}"'
    response["X-Licence"] = LICENCE_HEADER
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["X-Total-Count"] = str(total)
    response["X-Exported-Count"] = str(exported)
    return response


def actor_export_csv(request):
    """CSV (comma-separated, UTF-8, header row); ``thematiques`` joined by ``|``, booleans as true/false."""
    try:
        actors, total = whole_result_set(_prepare(request), MAX_ROWS, "commune", "themes")
    except SearchBackendUnavailable:
        return _unavailable()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for actor in actors:
        record = _record(actor, request)
        record["thematiques"] = "|".join(record["thematiques"])
        record["ouvert_aux_partenariats"] = "true" if record["ouvert_aux_partenariats"] else "false"
        record["latitude"] = "" if record["latitude"] is None else record["latitude"]
        record["longitude"] = "" if record["longitude"] is None else record["longitude"]
        writer.writerow(record)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _licensed(response, total, len(actors), "csv")


def actor_export_json(request):
    """``{"licence", "licence_url", "source", "date_export", "total", "truncated", "items": [...]}``."""
    form = _prepare(request)
    try:
        actors, total = whole_result_set(form, MAX_ROWS, "commune", "themes")
    except SearchBackendUnavailable:
        return _unavailable()
    query_string = request.GET.urlencode()
    source = request.build_absolute_uri(reverse("directory:actor_search"))
    payload = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "source": f"{source}?{query_string}" if query_string else source,
        "date_export": timezone.now().isoformat(timespec="seconds"),
        "total": total,
        "truncated": total > len(actors),
        "items": [_record(actor, request) for actor in actors],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
    return _licensed(response, total, len(actors), "json")
