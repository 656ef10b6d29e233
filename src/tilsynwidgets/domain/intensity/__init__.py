"""Intensity: plans along the seven dimensions, the templates per kind of unit and colour,
and the legal rule sets a plan is checked against (which also choose the templates)."""

from tilsynwidgets.domain.intensity.plans import IntensityPlan, PlanDecision, template_for
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet, check_plan, ruleset

__all__ = ["IntensityPlan", "LegalRuleSet", "PlanDecision", "check_plan", "ruleset", "template_for"]
