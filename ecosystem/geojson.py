"""GeoJSON for the site's maps (``static/js/directory-map.js`` draws any of them): features and the answer.

Every map endpoint (the directory's structures, the showcase's projects, replications and needs) answers a
``FeatureCollection`` with ``count`` and ``summary`` (the sentence the map's text alternative shows); each
point's properties hold at least ``name``, ``url``, ``kind``, ``kind_label`` and ``place``.
"""

from django.http import JsonResponse

CONTENT_TYPE = "application/geo+json"


def point_feature(feature_id: str, point: tuple[float, float], properties: dict) -> dict:
    """A Point feature at ``point`` (latitude, longitude); GeoJSON itself orders them longitude first."""
    latitude, longitude = point
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": properties,
    }


def geojson_response(features: list[dict], summary: str, **extra) -> JsonResponse:
    payload = {"type": "FeatureCollection", **extra, "count": len(features), "summary": summary}
    payload["features"] = features
    return JsonResponse(payload, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
