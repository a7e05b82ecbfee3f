"""The demo set: a deterministic, idempotent generator of realistic French actors and projects.

``generate_demo(actors, projects, seed)`` is what ``manage.py load_demo`` (small set, for ``make run``) and
``manage.py generate_demo`` (any size, for benchmarks) call. Same seed and sizes, same content.
"""

from .generator import DemoReport, delete_demo, generate_demo

__all__ = ["DemoReport", "delete_demo", "generate_demo"]
