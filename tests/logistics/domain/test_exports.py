import csv
import io
from decimal import Decimal

import pytest

from logistics.domain.exports import costs_csv
from tests.factories.logistics import CostCoverFactory, ExpenseClaimFactory
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db


def test_csv_has_covers_and_claims_with_exact_amounts_and_no_lone_quotes():
    pair, scientist, _ = make_pair()
    CostCoverFactory(participant=scientist, amount=Decimal("850.00"))
    ExpenseClaimFactory(participant=scientist, description="=cmd|' /C calc'!A0", amount_claimed=Decimal("0.10"))

    rows = list(csv.reader(io.StringIO(costs_csv(pair.course))))

    assert rows[0][:4] == ["line", "participant", "email", "category"]
    cover, claim = rows[1], rows[2]
    assert cover[0] == "cover" and cover[6] == "850.00"
    assert cover[7:] == [""] * 6  # empty cells stay empty: no lone apostrophe
    assert claim[4].startswith("'=")
    assert claim[7] == "0.10" and claim[8] == "" and claim[10] == "submitted"
