"""Numbers and dates in Chinese and English news text: parse them, then compare them.

>>> from factcheck.numbers import compare_quantities, parse_quantities
>>> claimed, stated = parse_quantities("突破1000萬次, 1 million")
>>> compare_quantities(claimed, stated).agrees
False
"""

from factcheck.numbers.compare import (
    Comparison,
    check_stated_change,
    check_stated_growth,
    check_stated_multiple,
    compare_dates,
    compare_quantities,
    growth_rate,
)
from factcheck.numbers.dates import parse_dates
from factcheck.numbers.quantities import parse_quantities

__all__ = [
    "Comparison",
    "check_stated_change",
    "check_stated_growth",
    "check_stated_multiple",
    "compare_dates",
    "compare_quantities",
    "growth_rate",
    "parse_dates",
    "parse_quantities",
]
