"""Telling a person how their request went: an action's refusal as readable text, or a success message."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError


def error_text(error: ValidationError) -> str:
    """An action's ``ValidationError`` as one line a person can read (its messages, in order)."""
    return " ".join(error.messages)


def report_action(request, action: Callable[[], object], done: str) -> bool:
    """Run ``action()``: ``done`` as a success message, or its refusal (``ValidationError``) as an error
    message. Returns whether it went through."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, done)
    return True
