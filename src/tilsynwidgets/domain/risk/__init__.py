"""Risk: the criteria catalogue, the aggregation rule, evaluating a portfolio and the risk
assessments inspectors record."""

from tilsynwidgets.domain.risk.aggregation import aggregate_counts, decided_alone
from tilsynwidgets.domain.risk.assessment import QualityReference, RiskAssessment, Suggestion
from tilsynwidgets.domain.risk.criteria import (
    CriteriaCatalogue,
    Criterion,
    default_catalogue,
    suggest_category,
    suggest_for,
)
from tilsynwidgets.domain.risk.current import current_categories, in_force
from tilsynwidgets.domain.risk.evaluation import PortfolioEvaluation, evaluate_portfolio

__all__ = [
    "CriteriaCatalogue",
    "Criterion",
    "PortfolioEvaluation",
    "QualityReference",
    "RiskAssessment",
    "Suggestion",
    "aggregate_counts",
    "current_categories",
    "decided_alone",
    "default_catalogue",
    "evaluate_portfolio",
    "in_force",
    "suggest_category",
    "suggest_for",
]
