"""Exports of what the leadership app shows: an Excel workbook and a printable HTML report.

Plejefamilier are pseudonymised in exports unless the user asks otherwise
(:func:`pseudonymise`, :func:`pseudonymise_history`).
"""

from __future__ import annotations

from tilsynwidgets.exports.pseudonyms import (
    PseudonymCollisionError,
    load_or_create_key,
    pseudonym_code,
    pseudonymise,
    pseudonymise_history,
    unit_kinds,
)
from tilsynwidgets.exports.report import ReportSection, SafeHtml, report_html
from tilsynwidgets.exports.workbook import INFO_SHEET, sheet_names, workbook_bytes, write_workbook

__all__ = [
    "INFO_SHEET",
    "PseudonymCollisionError",
    "ReportSection",
    "SafeHtml",
    "load_or_create_key",
    "pseudonym_code",
    "pseudonymise",
    "pseudonymise_history",
    "report_html",
    "sheet_names",
    "unit_kinds",
    "workbook_bytes",
    "write_workbook",
]
