"""The direction of an indicator over time: improving, unchanged or worsening.

Direction is about *better or worse*, not up or down: falling readmissions (8,7 % → 7,3 %)
improve, because lower is better for them (the ↑ of the quarterly matrix in ``004``).

Rule: compare the latest value of the series with its first. A relative change within the
tolerance (default 5 % of the first value) is *unchanged*; beyond it, the polarity decides.
An indicator without a preferred direction is always *unchanged* (→). Fewer than two values
give no direction.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from decimal import Decimal

from .choices import Polarity

DEFAULT_TOLERANCE_PCT = Decimal(5)


class Direction(enum.StrEnum):
    IMPROVING = "improving"
    UNCHANGED = "unchanged"
    WORSENING = "worsening"

    @property
    def arrow(self) -> str:
        return {"improving": "↑", "unchanged": "→", "worsening": "↓"}[self.value]

    @property
    def label(self) -> str:
        return {"improving": "Förbättras", "unchanged": "Oförändrad", "worsening": "Försämras"}[
            self.value
        ]

    @property
    def word(self) -> str:
        """The words of the monthly reports' trend column."""
        return {"improving": "Positiv", "unchanged": "Neutral", "worsening": "Negativ"}[self.value]


def direction(
    values: Sequence[Decimal],
    *,
    polarity: str,
    tolerance_pct: Decimal = DEFAULT_TOLERANCE_PCT,
) -> Direction | None:
    """Direction of ``values`` (oldest first) for an indicator of ``polarity``."""
    series = [v for v in values if v is not None]
    if len(series) < 2:
        return None
    if polarity == Polarity.NEUTRAL:
        return Direction.UNCHANGED
    first, last = series[0], series[-1]
    change = last - first
    if first != 0:
        if abs(change) * 100 <= abs(first) * tolerance_pct:
            return Direction.UNCHANGED
    elif change == 0:
        return Direction.UNCHANGED
    rising = change > 0
    better = rising if polarity == Polarity.HIGHER else not rising
    return Direction.IMPROVING if better else Direction.WORSENING
