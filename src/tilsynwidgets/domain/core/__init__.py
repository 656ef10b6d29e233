"""The shared core every concept builds on: categories, units, signals, data files, fields,
errors and Danish messages, numbers and time."""

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.signals import SignalCatalogue, SignalValue, signal_catalogue
from tilsynwidgets.domain.core.units import Socialtilsyn, Unit, UnitKind, UnitType

__all__ = [
    "DataFileError",
    "Phase",
    "Problem",
    "RiskCategory",
    "SignalCatalogue",
    "SignalValue",
    "Socialtilsyn",
    "Unit",
    "UnitKind",
    "UnitType",
    "signal_catalogue",
]
