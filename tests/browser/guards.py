"""What the browser tests' per-context guards share (``a11y.AccessibilityGuard``, ``csp.CSPGuard``): the live
server's origin they watch, the problems they collect, raising those at once, and finding a page's guard."""

from __future__ import annotations

import weakref
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page


class ContextGuard:
    """One guard of a kind per browser context; ``Kind.of(page)`` finds the one of ``page``'s context."""

    failure: type[AssertionError] = AssertionError
    title = "problems"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Each kind its own registry; weak, so a closed context does not keep its guard alive.
        cls._guards: weakref.WeakKeyDictionary[BrowserContext, ContextGuard] = weakref.WeakKeyDictionary()

    def __init__(self, context: BrowserContext, base_url: str):
        self.context = context
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.problems: list[str] = []
        type(self)._guards[context] = self

    @classmethod
    def of(cls, page: Page):
        try:
            return cls._guards[page.context]
        except KeyError:
            raise LookupError("this page was not opened by the browser tests' `page` fixture") from None

    def raise_problems(self) -> None:
        """Fail with what was found so far (then forget it, so it is reported once)."""
        if self.problems:
            problems, self.problems = self.problems, []
            raise self.failure(f"{self.title}:\n" + "\n".join(problems))
