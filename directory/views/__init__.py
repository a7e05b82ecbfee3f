"""Public read side views."""
