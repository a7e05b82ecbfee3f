"""Wagtail admin viewsets of the ecosystem, grouped under one "Écosystème" menu (see ``wagtail_hooks``).

- Reference data (themes, skills and resources, markers) is edited here with plain ``ModelViewSet`` forms:
  it is admin-only data with no action, no side effect and no other writer.
- Actors and projects are written by the front office's actions; here staff view, search and filter them,
  and change moderation fields only (an actor's public listing, a project's status). They cannot be added or
  deleted from the admin.
- Territories are read-only (written only by ``load_territories``).
"""
