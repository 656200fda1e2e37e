"""Country → World Bank region and income group, read once from fixtures/country_income.csv."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from course.domain.countries import country_name
from participants.enums import IncomeGroup

CSV_PATH = Path(settings.BASE_DIR) / "fixtures" / "country_income.csv"
LMIC_GROUPS = frozenset({IncomeGroup.LOW, IncomeGroup.LOWER_MIDDLE, IncomeGroup.UPPER_MIDDLE})
UNKNOWN_REGION = "Unclassified"


@dataclass(frozen=True)
class CountryClass:
    code: str
    source_name: str  # the World Bank's spelling ("Lao PDR"): the file's, never shown
    region: str
    income_group: str  # an IncomeGroup value, or "" when the World Bank does not classify the country

    @property
    def name(self):
        """The name every page uses, in the active language (course.domain.countries), not the file's."""
        name = country_name(self.code)
        return self.source_name if name == self.code else name  # a code django-countries lacks (e.g. XK)

    @property
    def is_lmic(self):
        return self.income_group in LMIC_GROUPS


@cache
def classification():
    """{ISO alpha-2 code: CountryClass}."""
    with CSV_PATH.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {r["iso2"]: CountryClass(r["iso2"], r["name"], r["region"], r["income_group"]) for r in rows}


def classify(code):
    code = str(code or "")
    return classification().get(code) or CountryClass(code, code, UNKNOWN_REGION, "")


def regions():
    return sorted({c.region for c in classification().values()})


def source_note():
    """The data's provenance (what, whose, which edition and when), for pages that show LMIC figures.

    Taken from the file's first two comment lines, so that it changes with the data when the file is refreshed.
    """
    with CSV_PATH.open(encoding="utf-8") as f:
        what, source = (f.readline().lstrip("# ").strip() for _ in range(2))
    return f"{what} {source.rstrip(' (')}."
