"""Shared pieces of the property-based tests: the hypothesis settings, input strategies and a
savepoint per example."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROPERTIES = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e\u200b",
    "<script>alert(1)</script>",
    "=1+1",
    "'; DROP TABLE x; --",
    "ÅÄÖ åäö é ß ø ﬁ 𝔘 🙂",
    "x" * 5000,
    "\r\n\t",
]
texts = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(max_codepoint=0x1F), max_size=8),
    st.sampled_from(HOSTILE),
)
numbers = st.one_of(
    st.sampled_from(
        [
            "1 234,5",
            "1.234,5",
            "1,234.5",
            "\u22123",
            "\u2013 3",
            "--1",
            "NaN",
            "Infinity",
            "-inf",
            "1e999",
            "9" * 40,
            "9" * 13 + ",99",
            "0,0000001",
            "1\u00a0000",
            "\u0663,\u0665",
            "+",
            ",",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"\A[-\u2212+]?[\d .,\u00a0]{0,25}\Z"),
    texts,
)
dates = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.sampled_from(
        ["0000-00-00", "2023-02-30", "9999-12-31", "10000-01-01", "2023-3-32", "15/03/2023", "-1"]
    ),
    texts,
)


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back() -> Iterator[None]:
    """Run one example inside a savepoint that is always rolled back."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass
