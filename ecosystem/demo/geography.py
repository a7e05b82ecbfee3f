"""The communes the demo places actors in, read once from the ``Territory`` table.

Read-only: the generator never writes territories (``load_reference_data`` loads them). Communes are kept in
INSEE-code order and drawn with weights proportional to their population, so Lille, Amiens and Roubaix get
many actors and a village of 200 people rarely one.
"""

from dataclasses import dataclass
from itertools import accumulate
from random import Random

from ecosystem.models import Territory


@dataclass(frozen=True)
class Commune:
    id: int
    code: str
    name: str
    population: int
    parent_id: int | None
    departement_id: int | None
    postal_code: str


class Geography:
    """The loaded région's communes and EPCIs, as plain tuples (one query each)."""

    def __init__(self, communes: list[Commune], epci_names: dict[int, str]):
        if not communes:
            raise LookupError("No commune in the database: run `manage.py load_reference_data` first.")
        self.communes = communes
        self.by_code = {c.code: c for c in communes}
        self.by_id = {c.id: c for c in communes}
        self.epci_names = epci_names
        self._cumulative = list(accumulate(max(c.population, 1) for c in communes))
        self.by_parent: dict[int | None, list[Commune]] = {}
        for commune in communes:
            self.by_parent.setdefault(commune.parent_id, []).append(commune)

    @classmethod
    def load(cls) -> "Geography":
        rows = (
            Territory.objects.filter(level=Territory.Level.COMMUNE)
            .order_by("code")
            .values_list("id", "code", "name", "population", "parent_id", "departement_id", "postal_codes")
        )
        communes = [
            Commune(id_, code, name, population or 0, parent_id, departement_id, (postal or [""])[0])
            for id_, code, name, population, parent_id, departement_id, postal in rows
        ]
        epci_names = dict(
            Territory.objects.filter(level=Territory.Level.EPCI).order_by("code").values_list("id", "name")
        )
        return cls(communes, epci_names)

    def draw(self, rng: Random) -> Commune:
        """A commune drawn with a probability proportional to its population."""
        return rng.choices(self.communes, cum_weights=self._cumulative)[0]

    def neighbours(self, commune: Commune) -> list[Commune]:
        """The other communes of the same EPCI (or département, for a commune outside any EPCI)."""
        return [c for c in self.by_parent.get(commune.parent_id, []) if c.id != commune.id]
