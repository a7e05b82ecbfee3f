"""Form data for the evaluation tests."""

import datetime

DAY = datetime.date(2026, 3, 1)


def assessment_post(markers, *, date="2026-03-01", phase="experimentation", score=2, skip=()):
    """POST data for the self-assessment form scoring every marker except those in ``skip``."""
    data = {"date": date, "phase": phase, "summary": "Premier bilan."}
    for marker in markers:
        if marker.code in skip:
            continue
        data[f"score_{marker.pk}"] = str(score)
        data[f"evidence_{marker.pk}"] = f"Preuve pour {marker.name}"
    return data


def full_scores(markers, score=2):
    return {m.pk: (score, f"Preuve {m.code}") for m in markers}
