"""Where a territory sits on a map: one point (latitude, longitude) per territory, read in bulk.

Only communes carry coordinates (``Territory.latitude``/``longitude``); a wider territory (EPCI, département,
région) is placed at the mean of its communes' points, so the showcase's map and the distances between needs
and projects work whatever level a territory was chosen at. A fixed number of queries whatever the number of
territories: one aggregate per level asked.
"""

from django.db.models import Avg

from ecosystem.models import Territory

Point = tuple[float, float]

# The commune field that ties a commune to a wider territory of each level.
_WITHIN = {
    Territory.Level.EPCI: "parent_id",
    Territory.Level.DEPARTEMENT: "departement_id",
    Territory.Level.REGION: "departement__parent_id",
}


def territory_points(territories) -> dict[int, Point]:
    """``{territory pk: (latitude, longitude)}`` for the territories that can be placed (others are left out)."""
    points: dict[int, Point] = {}
    wider: dict[str, set[int]] = {}
    for territory in territories:
        if territory.latitude is not None and territory.longitude is not None:
            points[territory.pk] = (territory.latitude, territory.longitude)
        elif territory.level in _WITHIN:
            wider.setdefault(territory.level, set()).add(territory.pk)
    for level, pks in wider.items():
        field = _WITHIN[level]
        rows = (
            Territory.objects.filter(
                level=Territory.Level.COMMUNE, latitude__isnull=False, **{f"{field}__in": pks}
            )
            .values(field)
            .annotate(lat=Avg("latitude"), lon=Avg("longitude"))
            .values_list(field, "lat", "lon")
        )
        points.update({pk: (lat, lon) for pk, lat, lon in rows})
    return points
