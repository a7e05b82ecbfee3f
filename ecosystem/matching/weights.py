"""The weights of the score parts: their documented defaults, and the ones staff set in the Wagtail admin.

A suggestion's score is ``Σ weight × part`` over the parts below; each part is a number in [0, 1] (the
complementarity part in [-1, 1], since duplicating the consortium lowers the score). The weights are the one
place the balance between the parts is decided. Staff change them without a code change in the Wagtail admin
(Settings › Partner matching, :class:`ecosystem.models.MatchingSettings`); the defaults here are used until
they do, and by ``Weights()``. A weight at 0 switches its part off (``matching_eval``'s ablation).
"""

from dataclasses import dataclass, fields

PARTS = ("fit", "text", "kind", "complementarity", "reciprocity", "territory", "ties", "newcomer")


@dataclass(frozen=True)
class Weights:
    # What the structure offers covers what the slot seeks (resources and free tags): the main signal.
    fit: float = 3.0
    # The slot's words found in the structure's indexed text (search backend): a second signal only, lower
    # than ``fit`` so that using the same words never outweighs offering what is sought.
    text: float = 1.0
    # The structure is of a kind the slot asks for (half for a kind of the same stakeholder family).
    kind: float = 2.0
    # Brings a stakeholder family or skills the consortium lacks; duplicating them counts against.
    complementarity: float = 1.0
    # What the structure seeks is offered by the lead or a partner: mutual interest.
    reciprocity: float = 0.5
    # Distance kernel around the slot's territory, following its scope.
    territory: float = 1.5
    # Has already worked with a member of the consortium (two hops, at most ``TIES_CAP`` counted).
    ties: float = 0.5
    # A structure with no partnership yet gets this much, so newcomers are not buried under the connected.
    newcomer: float = 0.3

    def __post_init__(self):
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int | float) or value < 0:
                raise ValueError(f"weight {field.name} must be a number ≥ 0, not {value!r}")

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in PARTS}


DEFAULTS = Weights()


def current_weights() -> Weights:
    """The weights staff set (Wagtail setting ``MatchingSettings``), or :data:`DEFAULTS` before they did.

    One query. Reads the row without creating it (``MatchingSettings.load()`` would write on a GET).
    """
    from ecosystem.models import MatchingSettings

    row = MatchingSettings.objects.order_by("pk").first()
    return row.weights() if row is not None else DEFAULTS
