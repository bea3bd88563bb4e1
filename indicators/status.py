"""The verdict of an outcome against a target: green, yellow, red, or cannot be judged.

Pure functions, no database. Each target kind of the sources is covered:

* threshold ("8 min", "100 %", "0 kr", "-800 mnkr"): met when the outcome is on the better
  side (by the indicator's polarity) or equal; yellow when within the margin on the wrong side;
* range ("85–90 %"): met inside; yellow within the margin outside;
* components ("90/80/80"): each part has its own target; all met is green, any red is red;
* relative to prior year ("Lägre än fg år") and change ("Öka", "Färre"): better than the
  comparison value is green, equal is yellow, worse is red; when the outcome is itself a change
  against last year ("10,9 % högre än fg år"), its sign decides;
* plan ("Enligt plan"): qualitative, cannot be judged from a number.

The default margin (yellow zone) is 5 % of the target value, or 1 unit for a zero target.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .choices import Polarity, TargetKind

DEFAULT_MARGIN_SHARE = Decimal("0.05")


class Verdict(enum.StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]

    @property
    def level_symbol(self) -> str:
        """The Nivå column of the quarterly matrix: + met, ± near, − not met, ? unknown."""
        return {"green": "+", "yellow": "±", "red": "−", "unknown": "?"}[self.value]


VERDICT_LABELS = {
    Verdict.GREEN: "Uppfyllt",
    Verdict.YELLOW: "Nära målet",
    Verdict.RED: "Ej uppfyllt",
    Verdict.UNKNOWN: "Kan inte bedömas",
}


@dataclass(frozen=True)
class Target:
    kind: str
    value: Decimal | None = None
    high: Decimal | None = None
    margin: Decimal | None = None
    components: tuple[Target, ...] = field(default=())


def _margin(target: Target, reference: Decimal) -> Decimal:
    if target.margin is not None:
        return abs(target.margin)
    if reference == 0:
        return Decimal(1)
    return abs(reference) * DEFAULT_MARGIN_SHARE


def _threshold(target: Target, outcome: Decimal, polarity: str) -> Verdict:
    goal = target.value
    if goal is None or polarity == Polarity.NEUTRAL:
        return Verdict.UNKNOWN
    shortfall = goal - outcome if polarity == Polarity.HIGHER else outcome - goal
    if shortfall <= 0:
        return Verdict.GREEN
    return Verdict.YELLOW if shortfall <= _margin(target, goal) else Verdict.RED


def _range(target: Target, outcome: Decimal) -> Verdict:
    low, high = target.value, target.high
    if low is None or high is None:
        return Verdict.UNKNOWN
    if low <= outcome <= high:
        return Verdict.GREEN
    distance = low - outcome if outcome < low else outcome - high
    return Verdict.YELLOW if distance <= _margin(target, high) else Verdict.RED


def _compare(outcome: Decimal, reference: Decimal, polarity: str) -> Verdict:
    if polarity == Polarity.NEUTRAL:
        return Verdict.UNKNOWN
    if outcome == reference:
        return Verdict.YELLOW
    better = outcome > reference if polarity == Polarity.HIGHER else outcome < reference
    return Verdict.GREEN if better else Verdict.RED


def verdict(
    target: Target | None,
    outcome: Decimal | None,
    *,
    polarity: str,
    previous: Decimal | None = None,
    outcome_is_change: bool = False,
    component_outcomes: Sequence[Decimal | None] = (),
) -> Verdict:
    """Judge ``outcome`` against ``target``.

    ``polarity`` says which way is better (for relative and change targets: which way the
    target asks for). ``previous`` is the comparison value for relative/change targets;
    ``outcome_is_change`` says the outcome already is the change against last year.
    """
    if target is None:
        return Verdict.UNKNOWN
    if target.kind == TargetKind.COMPONENTS:
        if not target.components or len(component_outcomes) != len(target.components):
            return Verdict.UNKNOWN
        parts = [
            verdict(t, o, polarity=polarity)
            for t, o in zip(target.components, component_outcomes, strict=True)
        ]
        if Verdict.RED in parts:
            return Verdict.RED
        if Verdict.UNKNOWN in parts:
            return Verdict.UNKNOWN
        return Verdict.GREEN if all(p == Verdict.GREEN for p in parts) else Verdict.YELLOW
    if outcome is None or target.kind == TargetKind.PLAN:
        return Verdict.UNKNOWN
    if target.kind == TargetKind.THRESHOLD:
        return _threshold(target, outcome, polarity)
    if target.kind == TargetKind.RANGE:
        return _range(target, outcome)
    if target.kind in (TargetKind.RELATIVE_PRIOR_YEAR, TargetKind.CHANGE):
        if outcome_is_change:
            return _compare(outcome, Decimal(0), polarity)
        if previous is None:
            return Verdict.UNKNOWN
        return _compare(outcome, previous, polarity)
    return Verdict.UNKNOWN
