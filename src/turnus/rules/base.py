"""What every rule shares: its parameters, penalties for the solver, violations for the checker.

A rule is a frozen pydantic model with three parts:

* its parameters, with a docstring saying what the rule means;
* ``add(ctx)``, the CP-SAT translation, which reads ``ctx.vars`` and never creates assignment
  variables;
* ``evaluate(roster)``, the same rule computed independently in plain Python.

Whether a rule is hard or soft is a parameter. Helpers on :class:`BuildContext` turn one bound
into either a constraint (hard) or an exactly-defined penalty variable (soft), so the solver's
objective equals the checker's sum of penalties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from turnus.domain import Employee, Id, Role, TurnusModel

if TYPE_CHECKING:
    from turnus.instance import Instance
    from turnus.model import Variables
    from turnus.roster import Roster

SCALE = 300
"""The solver's objective is scaled by this, so weights per hour (1/60) and per hundredth
(1/100) stay integral. Reported objectives are divided by it again."""

ELASTIC_WEIGHT = 100_000
"""Weight of a broken hard rule in best-effort mode."""

Literal_ = Any  # a CP-SAT literal, or the constants 0 / 1
Term = tuple[int, Literal_]


def negate(lit: Literal_) -> Literal_:
    if isinstance(lit, int):
        return 1 - lit
    return ~lit


@dataclass(frozen=True, slots=True)
class Penalty:
    """A soft-rule cost term: ``weight * amount / per`` where ``amount`` is a solver variable."""

    rule: str
    key: str
    amount: Any
    weight: int
    per: int = 1

    @property
    def coefficient(self) -> int:
        return self.weight * SCALE // self.per


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule broken in a roster, in words, with the amount by which it is broken."""

    rule: str
    key: str
    message: str
    hard: bool
    amount: int = 1
    weight: int = 0
    per: int = 1
    employee: str | None = None
    date: dt.date | None = None

    @property
    def scaled_penalty(self) -> int:
        """The penalty in the solver's scaled units; 0 for a hard rule."""
        return 0 if self.hard else self.weight * self.amount * SCALE // self.per

    @property
    def penalty(self) -> Fraction:
        return Fraction(self.scaled_penalty, SCALE)


class Rule(TurnusModel):
    """Common parameters of every rule.

    ``name`` is the rule's key in the profile; ``hard`` makes it a constraint, otherwise each
    unit by which it is broken costs ``weight``. ``employees`` and ``roles`` narrow whom it
    applies to (everyone by default).
    """

    per: ClassVar[int] = 1
    """The unit of ``weight``: 1 for counts, 60 when amounts are minutes and weights per hour."""

    name: str = ""
    kind: str
    description: str = ""
    enabled: bool = True
    hard: bool = False
    weight: int = Field(default=1, ge=0)
    employees: tuple[Id, ...] | None = None
    roles: tuple[Role, ...] | None = None

    def applies(self, employee: Employee) -> bool:
        if self.employees is not None and employee.id not in self.employees:
            return False
        return self.roles is None or employee.role in self.roles

    def subjects(self, instance: Instance) -> list[Employee]:
        return [e for e in instance.employees if self.applies(e)]

    def links_people(self, instance: Instance) -> bool:
        """Whether, on this instance, the rule ties one person's roster to another's other
        than through the staffing plan's head-counts or a soft spread between people (see
        :mod:`turnus.person_search`)."""
        return False

    def add(self, ctx: BuildContext) -> None:
        raise NotImplementedError

    def evaluate(self, roster: Roster) -> Iterable[Violation]:
        raise NotImplementedError

    def violation(
        self,
        key: str,
        message: str,
        amount: int = 1,
        employee: str | None = None,
        date: dt.date | None = None,
        weight: int | None = None,
        hard: bool | None = None,
    ) -> Violation:
        """A violation of this rule; ``weight`` and ``hard`` override for a part of it."""
        hard = self.hard if hard is None else hard
        return Violation(
            rule=self.name,
            key=f"{self.name}:{key}",
            message=message,
            hard=hard,
            amount=amount,
            weight=0 if hard else (self.weight if weight is None else weight),
            per=self.per,
            employee=employee,
            date=date,
        )


@dataclass
class BuildContext:
    """What a rule's ``add`` sees: the model, the instance, the variables, the penalties."""

    model: Any
    instance: Instance
    vars: Variables
    elastic: bool = False
    penalties: list[Penalty] = field(default_factory=list)
    derived: dict[Any, Any] = field(default_factory=dict)
    """Literals derived from the assignment (e.g. weekend worked), shared between rules."""
    group_of: Callable[[Rule, str], Any] | None = None
    """For explanations (:mod:`turnus.explain`): the literal that switches on the hard
    constraint of a rule and key, or None for always on. None (the default) changes nothing."""

    def _group(self, rule: Rule, key: str) -> Any:
        return None if self.group_of is None else self.group_of(rule, key)

    def _switch(self, rule: Rule, key: str) -> list[Any]:
        """The negated group literal to add to a hard clause, if the constraint is switchable."""
        lit = self._group(rule, key)
        return [] if lit is None else [negate(lit)]

    def _is_hard(self, rule: Rule, hard: bool | None) -> bool:
        return (rule.hard if hard is None else hard) and not self.elastic

    def _penalise(
        self, rule: Rule, key: str, amount: Any, weight: int | None, hard: bool | None
    ) -> None:
        if self.elastic and (rule.hard if hard is None else hard):
            weight, per = ELASTIC_WEIGHT, 1
        else:
            weight, per = (rule.weight if weight is None else weight), rule.per
        if weight:
            self.penalties.append(Penalty(rule.name, f"{rule.name}:{key}", amount, weight, per))

    def penalise(self, rule: Rule, key: str, amount: Any, weight: int | None = None) -> None:
        """Cost ``weight`` per unit of a non-negative solver expression (soft by nature)."""
        self._penalise(rule, key, amount, weight, False)

    def at_most(
        self,
        rule: Rule,
        key: str,
        terms: Sequence[Term],
        bound: int,
        weight: int | None = None,
        hard: bool | None = None,
    ) -> None:
        """``sum(terms) <= bound`` over 0/1 literals: a constraint, or a penalty on the excess.

        ``weight`` and ``hard`` override the rule's own, for rules with several parts.
        """
        coefs, lits, bound = _fold(terms, bound)
        upper = sum(c for c in coefs if c > 0)
        if upper <= bound:
            return
        if not lits:  # broken whatever the solver does
            if self._is_hard(rule, hard):
                self.model.add_bool_or(self._switch(rule, key))
            else:
                self._penalise(rule, key, -bound, weight, hard)
            return
        # imported here: the validator and metrics use rules without loading the solver
        from ortools.sat.python import cp_model

        expr = cp_model.LinearExpr.weighted_sum(lits, coefs)  # faster than sum() to build
        if self._is_hard(rule, hard):
            constraint = self.model.add(expr <= bound)
            if (group := self._group(rule, key)) is not None:
                constraint.only_enforce_if(group)
            return
        if self.group_of is not None:  # explaining infeasibility: costs do not matter
            return
        lower = sum(c for c in coefs if c < 0)
        name = f"{rule.name}:{key}"
        if upper - bound == 1:
            # can only be one over: a literal with excess <=> sum > bound
            excess = self.model.new_bool_var(name)
            self.model.add(expr <= bound).only_enforce_if(~excess)
            self.model.add(expr > bound).only_enforce_if(excess)
        else:
            excess = self.model.new_int_var(0, upper - bound, name)
            if lower >= bound:  # never below the bound: the excess is the expression itself
                self.model.add(excess == expr - bound)
            else:
                self.model.add_max_equality(excess, [expr - bound, 0])
        self._penalise(rule, key, excess, weight, hard)

    def at_least(
        self,
        rule: Rule,
        key: str,
        terms: Sequence[Term],
        bound: int,
        weight: int | None = None,
        hard: bool | None = None,
    ) -> None:
        """``sum(terms) >= bound``: a constraint, or a penalty on the shortfall."""
        self.at_most(rule, key, [(-c, lit) for c, lit in terms], -bound, weight, hard)

    def clause(self, lits: Sequence[Literal_]) -> None:
        """At least one of ``lits`` true, always (a definition, not a rule that can be soft)."""
        if any(isinstance(lit, int) and lit == 1 for lit in lits):
            return
        self.model.add_bool_or([lit for lit in lits if not isinstance(lit, int)])

    def forbid(
        self, rule: Rule, key: str, lits: Sequence[Literal_], weight: int | None = None
    ) -> None:
        """Not all of ``lits`` true: a clause, or a penalty of one when they all are."""
        if any(isinstance(lit, int) and lit == 0 for lit in lits):
            return
        free = [lit for lit in lits if not isinstance(lit, int)]
        if self._is_hard(rule, None):
            self.model.add_bool_or([negate(lit) for lit in free] + self._switch(rule, key))
            return
        if not free:
            self._penalise(rule, key, 1, weight, None)
            return
        if self.group_of is not None:  # explaining infeasibility: costs do not matter
            return
        broken = self.model.new_bool_var(f"{rule.name}:{key}")
        self.model.add_bool_or([negate(lit) for lit in free] + [broken])
        for lit in free:
            self.model.add_implication(broken, lit)
        self._penalise(rule, key, broken, weight, None)


def _fold(terms: Sequence[Term], bound: int) -> tuple[list[int], list[Any], int]:
    """Move constant literals to the bound and drop zero coefficients."""
    coefs: list[int] = []
    lits: list[Any] = []
    for coef, lit in terms:
        if isinstance(lit, int):
            bound -= coef * lit
        elif coef:
            coefs.append(coef)
            lits.append(lit)
    return coefs, lits, bound
