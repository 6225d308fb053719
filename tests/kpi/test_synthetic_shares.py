"""Demo history stays plausible: shares of a whole never pass 100 %."""

from __future__ import annotations

import random
from datetime import date

from ioc.kpi.catalogue import builtin_rows
from ioc.kpi.models import Indicator
from ioc.kpi.synthetic import series


def test_share_indicators_stay_at_or_below_100_percent():
    shares = [
        Indicator(**row) for row in builtin_rows() if row["unit"].strip() == "%" and row["name"].startswith("Tỷ lệ")
    ]
    assert shares
    for ind in shares:
        values = series(ind, date(2026, 11, 29), random.Random(7)).values()
        assert max(values) <= 100, ind.code
