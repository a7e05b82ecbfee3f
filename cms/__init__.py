"""Wagtail pages: the home page, standard pages (legal notice, privacy, accessibility, contact), the site header
and footer settings, and the contact form's action (``cms.contact``). News, the call for projects and the
showcase are not built yet (issues #13 and #14)."""
