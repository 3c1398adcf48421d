"""One record per constraint family: what the rest of accplan needs to know about a constraint.

A *constraint family* is one Pyomo ``Constraint`` component (``capacity_limit``,
``mineral_supply_limit``, ...). Everything outside the rule itself that depends on which family
a row belongs to derives from :data:`FAMILIES`:

- the unit of its dual (:data:`models.solve.DUAL_UNITS`, the plan's ``unit`` column);
- whether it is bookkeeping (defines a helper quantity; never re-solved, never reported);
- where the plant and the year sit in its index (rows of a plant before it comes online are not
  actionable: :func:`models.ranging.is_actionable`);
- which bound of the row a rise moves when :mod:`models.ranging` re-solves it (:class:`Move`);
- whether it is a lever: its right-hand side is an input a planner sets (the Summary's binding
  limits list only levers);
- its place in the plan's marginal-value lists (``planner/plan/duals.py``).

The plain-language phrase ("One more tonne of Lithium from Canada ...") is words, not model
knowledge: it stays with the plan, in ``PHRASES`` of ``planner/plan/duals.py``.

Adding a constraint family touches five files (``tests/test_families.py`` fails until all agree):

1. ``models/<concern>.py`` (capacity, minerals, incentive, objective): the rule, with its
   equation in the docstring, and ``m.<name> = pyo.Constraint(..., doc=...)``;
2. ``models/families.py`` (here): one :class:`Family` line in :data:`FAMILIES`;
3. ``planner/plan/duals.py``: its phrase in ``PHRASES`` (not needed for bookkeeping);
4. ``models/FORMULATION.md``: the equation with the code's names (and
   ``tests/test_model_crosscheck.py`` assembles it independently from there);
5. ``tests/test_model_hand.py``: a hand-solved test where it binds, in ``CONSTRAINT_TESTS``
   (supply-chain families: ``tests/test_model_hand_chain.py``, ``CHAIN_CONSTRAINT_TESTS``).

``models/assembly/`` (the same LP assembled with numpy, the solve path's fast route and the
benchmark's floor; the scheme's families in ``models/assembly/scheme.py``) must follow too (or
refuse the data that uses the family, ``models/assembly/coverage.py``), or its element-for-element
test ``tests/test_benchmark_floor.py`` fails.

A family that needs a new input also needs a ``ModelData`` field and a column in the input
schema; that is a new input, not a new family.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cached_property


class Move(str, Enum):  # noqa: UP042  (str() gives the readable value, like SolveStatus)
    """Which bound of a row "one more unit" moves when :mod:`models.ranging` re-solves it."""

    UPPER = "upper"
    """A ``≤`` limit: its upper bound rises by one (one more unit allowed)."""
    LOWER = "lower"
    """A ``≥`` requirement: its lower bound rises by one (one more unit required)."""
    BOTH = "both"
    """An equality: both bounds move by one."""


@dataclass(frozen=True)
class Family:
    """What accplan knows about one constraint family besides its rule.

    Attributes
    ----------
    name : str
        The Pyomo component name, e.g. ``"mineral_supply_limit"``.
    index : str
        The index letters of the model's glossary (``models/build.py``), e.g. ``"s, k, y"``;
        ``""`` for a single row. The positions of ``p`` (plant) and ``y`` (year) in it are
        :attr:`plant_at` and :attr:`year_at`.
    unit : str
        Unit of the stage-1 dual: GWh of total output per unit of the right-hand side.
    move : Move
        How the +1 re-solve moves the row (``≤`` rows: UPPER, ``≥``: LOWER, ``=``: BOTH;
        BOTH also fits a family whose rows are ``≥`` or ``=`` by data, as mineral_need: an
        infinite bound stays infinite).
    rank : int
        Place in the plan's lists of marginal values (lower first; ties by name). Steps of 10
        leave room for a new family between two others.
    bookkeeping : bool
        True for rows that define a helper quantity rather than limit anything a planner can
        change: never ranged, left out of plans (their duals restate others').
    lever : bool
        True when the right-hand side is an input a planner sets (a budget, a supply, a
        capacity); False for rows whose right-hand side is 0 by construction (ramp-up,
        viability), which plans list but the Summary's binding limits leave out.
    """

    name: str
    index: str
    unit: str
    move: Move
    rank: int
    bookkeeping: bool = False
    lever: bool = True

    @cached_property  # asked for every dual of every row: split the index text once
    def letters(self) -> tuple[str, ...]:
        """The index letters, e.g. ``("s", "k", "y")``; ``()`` for a single row."""
        return tuple(part.strip() for part in self.index.split(",") if part.strip())

    @cached_property
    def plant_at(self) -> int | None:
        """Position of the plant in the index, or None if the family has no plant index."""
        return self.letters.index("p") if "p" in self.letters else None

    @cached_property
    def year_at(self) -> int | None:
        """Position of the year in the index, or None if the family has no year index."""
        return self.letters.index("y") if "y" in self.letters else None


GWH_PER_GWH_YR = "GWh per GWh/yr"
GWH_PER_GWH = "GWh per GWh"
GWH_PER_T = "GWh per t"
GWH_PER_T_YR = "GWh per t/yr"
GWH_PER_MUSD = "GWh per USD million"

_UP, _LOW, _BOTH = Move.UPPER, Move.LOWER, Move.BOTH

# A new family: one line, with a rank between the families it should follow and precede in plans.
# fmt: off
FAMILIES: tuple[Family, ...] = (
    # name                            index       unit             move  rank
    Family("incentive_budget",          "",         GWH_PER_MUSD,    _UP,  10),
    Family("unawarded_capacity",        "",         GWH_PER_GWH_YR,  _UP,  15),
    Family("annual_disbursement_limit", "y",        GWH_PER_MUSD,    _UP,  20),
    Family("mineral_supply_limit",      "s, k, y",  GWH_PER_T,       _UP,  30),
    Family("processing_capacity",       "r, y",     GWH_PER_T_YR,    _UP,  31),
    Family("processing_yield",          "r, y",     GWH_PER_T,       _BOTH, 32, lever=False),
    Family("export_licence_limit",      "o, k, y",  GWH_PER_T,       _UP,  33),
    Family("recycling_capacity",        "c, y",     GWH_PER_T_YR,    _UP,  34),
    Family("recycling_feed_limit",      "k, y",     GWH_PER_T,       _UP,  35),
    Family("recycling_return",          "c, k, y",  GWH_PER_T,       _BOTH, 36, lever=False),
    Family("source_share_limit",        "s, k, y",  GWH_PER_T,       _UP,  40),
    Family("group_share_cap",           "g, k, y",  GWH_PER_T,       _UP,  42),
    Family("group_share_floor",         "g, k, y",  GWH_PER_T,       _LOW, 44),
    Family("magnet_demand",             "k, y",     GWH_PER_T,       _BOTH, 46),
    Family("offtake_within_delivery",   "s, k, y",  GWH_PER_T,       _UP,  75),
    Family("capacity_limit",            "p, y",     GWH_PER_GWH_YR,  _UP,  50),
    Family("demand_limit",              "y",        GWH_PER_GWH,     _UP,  60),
    Family("capacity_commitment",       "p, y",     GWH_PER_GWH_YR,  _LOW, 70),
    Family("min_block_lower",           "p, y",     GWH_PER_GWH_YR,  _LOW, 72),
    Family("milestone_build",           "a, y",     GWH_PER_GWH_YR,  _LOW, 76),
    Family("min_output",                "p, y",     GWH_PER_GWH,     _LOW, 80),
    Family("firm_award_cap",            "f",        GWH_PER_GWH_YR,  _UP,  90),
    Family("candidate_size_max",        "a",        GWH_PER_GWH_YR,  _UP,  92),
    Family("candidate_size_min",        "a",        GWH_PER_GWH_YR,  _LOW, 94),
    Family("viability",                 "p",        GWH_PER_MUSD,    _UP,  100, lever=False),
    Family("operating_gap_cover",       "p, y",     GWH_PER_MUSD,    _UP,  105, lever=False),
    Family("ramp_up",                   "p, y",     GWH_PER_GWH,     _UP,  110, lever=False),
    Family("mineral_need",              "p, k, y",  GWH_PER_T,       _BOTH, 120, bookkeeping=True),
    Family("eligible_within_output",    "p, y",     GWH_PER_GWH,     _UP,  130, bookkeeping=True),
    Family("output_target",             "",         GWH_PER_GWH,     _LOW, 140),
    Family("objective_hold",            "",         "GWh per unit held", _BOTH, 150),
    Family("mineral_use_balance",       "k, y",     GWH_PER_T,       _BOTH, 900, bookkeeping=True),
    # What the scheme owes, made exact by 0/1 switches: definitions, not limits (FORMULATION.md).
    Family("eligible_within_award",     "a, y",     GWH_PER_GWH,     _UP,  920, bookkeeping=True),
    Family("claim_all_output",          "a, y",     GWH_PER_GWH,     _LOW, 921, bookkeeping=True),
    Family("claim_full_award",          "a, y",     GWH_PER_GWH,     _LOW, 922, bookkeeping=True),
    Family("deduction_within_incentive", "a, y",    GWH_PER_MUSD,    _UP,  925, bookkeeping=True),
    Family("deduction_within_penalty",  "a, y",     GWH_PER_MUSD,    _UP,  926, bookkeeping=True),
    Family("deduction_as_due_incentive", "a, y",    GWH_PER_MUSD,    _LOW, 927, bookkeeping=True),
    Family("deduction_as_due_penalty",  "a, y",     GWH_PER_MUSD,    _LOW, 928, bookkeeping=True),
    Family("ceiling_within_net",        "a, y",     GWH_PER_MUSD,    _UP,  929, bookkeeping=True),
    Family("ceiling_as_due_net",        "a, y",     GWH_PER_MUSD,    _LOW, 930, bookkeeping=True),
    Family("ceiling_as_due_limit",      "a, y",     GWH_PER_MUSD,    _LOW, 931, bookkeeping=True),
    # No block, no addition: U_py is implied by capacity_limit (its dual restates that one's).
    Family("min_block_upper",           "p, y",     GWH_PER_GWH_YR,  _UP,  935, bookkeeping=True),
    Family("output_floor",              "",         GWH_PER_GWH,     _LOW, 910, bookkeeping=True),
)
"""Every constraint family of the model, in the plan's reading order."""
# fmt: on

BY_NAME: dict[str, Family] = {f.name: f for f in FAMILIES}
""":data:`FAMILIES` by component name."""

DUAL_UNITS: dict[str, str] = {f.name: f.unit for f in FAMILIES}
"""Units of each constraint's dual: GWh of stage-1 output per unit of the row's right-hand side."""

BOOKKEEPING: frozenset[str] = frozenset(f.name for f in FAMILIES if f.bookkeeping)
"""Families that limit nothing a planner can change: not ranged, not in plans. mineral_need's
dual restates the supply duals, eligible_within_output's the award and viability ones."""

LEVERS: frozenset[str] = frozenset(f.name for f in FAMILIES if f.lever and not f.bookkeeping)
"""Families whose right-hand side is an input: the Summary's binding limits."""


def family(name: str) -> Family:
    """The record of constraint family ``name``.

    Raises
    ------
    KeyError
        If the model has a constraint that :data:`FAMILIES` does not declare (add its line).
    """
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"constraint {name!r} has no record in models/families.py") from None


def report_key(name: str) -> tuple[int, str]:
    """Sort key putting families in the plan's reading order (undeclared names last, by name)."""
    found = BY_NAME.get(name)
    return (found.rank if found else 10**9), name
