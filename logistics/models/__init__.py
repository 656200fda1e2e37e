"""Models of the logistics app: one module per part (setup, traveller, costs, documents, attendance)."""

from .attendance import AttendanceMark, SessionCheckIn
from .costs import CostCover, ExpenseClaim
from .documents import DocumentJob, IssuedDocument
from .setup import LogisticsSetup
from .traveller import Itinerary, PassportDetails, VisaCase

__all__ = [
    "AttendanceMark",
    "CostCover",
    "DocumentJob",
    "ExpenseClaim",
    "IssuedDocument",
    "Itinerary",
    "LogisticsSetup",
    "PassportDetails",
    "SessionCheckIn",
    "VisaCase",
]
