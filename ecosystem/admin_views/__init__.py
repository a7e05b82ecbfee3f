"""Wagtail admin viewsets of the ecosystem, grouped under one "Écosystème" menu (see ``wagtail_hooks``).

- Reference data (themes, skills and resources, markers) is edited here with ``ModelViewSet`` forms whose
  writes go through ``ecosystem.actions.taxonomies`` (terms are indexed with the structures and projects).
- Actors and projects are written by the front office's actions; here staff view, search and filter them,
  and change moderation fields only (an actor's public listing, a project's status). They cannot be added or
  deleted from the admin.
- Territories are read-only (written only by ``load_territories``).
"""
