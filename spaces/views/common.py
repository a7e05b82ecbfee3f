"""Small helpers the spaces views share: reading numbers from URLs, turning action errors into form errors."""

from django.core.exceptions import ValidationError

from ecosystem.views.feedback import error_text

__all__ = ["add_action_error", "error_text", "positive_int"]


def positive_int(value) -> int | None:
    """``value`` as a positive integer, or None (a bad ``?avant=`` shows the latest page, not an error)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def add_action_error(form, error: ValidationError, field: str = "text") -> None:
    """Attach an action's refusal to the form field it is about, so the page shows it beside what was typed."""
    code = getattr(error, "code", None) or ""
    if code.startswith("attachment") and "attachment" in form.fields:
        field = "attachment"
    form.add_error(field if field in form.fields else None, error)
