"""Issue #15's targets for the real-time path, and how a measured figure is judged against one.

Each target is a limit on one figure of ``bench realtime --open-loop`` or ``bench connections``, most as a
multiple of the bare websockets server measured in the same run. A figure that could not be measured (a
skipped target) is "not measured", never "met".
"""

from dataclasses import dataclass

# The conditions the latency target is stated for: 20 messages per second offered in a room of 200.
TARGET_RATE = 20.0
TARGET_ROOM = 200


@dataclass(frozen=True)
class Goal:
    label: str
    limit: float
    at_most: bool = True  # False: the figure must reach the limit (e.g. a throughput ratio)
    unit: str = "×"  # "×" = a multiple of the bare server, "ms", or "" for a count

    def judge(self, value: float | None) -> str:
        if value is None:
            return "not measured"
        met = value <= self.limit if self.at_most else value >= self.limit
        return "met" if met else "not met"

    def describe(self) -> str:
        sign = "≤" if self.at_most else "≥"
        limit = f"{self.limit:g}{self.unit}" if self.unit != "ms" else f"{self.limit:g} ms"
        return f"{self.label} {sign} {limit}"


CONNECT = Goal("connect time, as a multiple of bare", 3.0)
OPEN_LOOP_P95 = Goal("open-loop send → receipt p95", 20.0, unit="ms")
LIVE_DROPS = Goal("live drops in the open loop (live drop + over capacity lines)", 0, unit="")
GAP_FILLS = Goal("gap-fill reads in the open loop", 0, unit="")
SATURATION = Goal("saturation deliveries/s, as a multiple of bare", 0.25, at_most=False)
IDLE_MEMORY = Goal("idle memory per connection, as a multiple of bare", 2.5)


def check(goal: Goal, value: float | None, shown: str | None = None) -> dict:
    """One judged figure: ``{"target", "value", "shown", "verdict"}`` (``shown``: the figure as printed)."""
    if shown is None:
        shown = "—" if value is None else f"{value:.2f}{goal.unit}" if goal.unit != "" else f"{value:g}"
    return {"target": goal.describe(), "value": value, "shown": shown, "verdict": goal.judge(value)}


def check_lines(checks: list[dict], indent: str = "  ") -> list[str]:
    width = max((len(item["target"]) for item in checks), default=0)
    return [
        f"{indent}target {item['target']:<{width}}  {item['shown']:>24}  {item['verdict']}" for item in checks
    ]
