"""Intensity: plans along the seven dimensions, the template per colour, and the legal rule
sets a plan is checked against."""

from tilsynwidgets.domain.intensity.plans import IntensityPlan, template_for
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet, check_plan, ruleset

__all__ = ["IntensityPlan", "LegalRuleSet", "check_plan", "ruleset", "template_for"]
