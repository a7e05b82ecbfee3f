"""POST data for the forms the tests submit."""


def actor_data(**overrides) -> dict:
    """The actor form filled in for « Les Jardins Partagés »; ``None`` leaves a field out (an unticked box)."""
    data = {
        "name": "Les Jardins Partagés",
        "kind": "association",
        "siren": "",
        "siret": "",
        "rna": "",
        "description": "Des jardins ouverts à tous.",
        "website": "",
        "address": "",
        "commune": "",
        "offers_tags": "",
        "seeks_tags": "",
        "size": "",
        "open_to_partnerships": "on",
        "is_public": "on",
        "contact_name": "",
        "contact_email": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
