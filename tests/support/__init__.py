"""Test helpers that are not fixtures (form data, HTML readers, reference territories, listeners)."""
