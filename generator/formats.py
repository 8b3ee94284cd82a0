"""How amounts, figures, dates and names are written, in one place: money, an indicator's figures at its
precision, dates, and the slugs used in ids and URLs.

Pages, messages and tables each used to format money and make anchors their own way;
one home means a priority's anchor in a link always matches the heading it points at,
and £ figures read the same in an error message as on the page. Figures are the same:
the value every comparison is judged on (``shown``) is the value the page writes
(``figure``), so a sentence can never say "above" beside two numbers that read the same.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date


def money(amount: float, *, exact: bool = False) -> str:
    """Money as residents read it (£13.0 million, £657,000), or ``exact`` to the pound (£13,021,000)."""
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    if not exact and amount >= 1_000_000:
        return f"{sign}£{amount / 1_000_000:,.1f} million"
    return f"{sign}£{amount:,.0f}"


#: The places kept when a figure has no stated precision: below them is only float noise (7.3 - 7.2 is 0.0999…96).
NOISE_DECIMALS = 9


def shown(value: float, decimals: int | None) -> float:
    """The value as a page shows it, rounded to ``decimals`` places: what every comparison is made on.

    Imports store figures at full precision (7.2349) while the page writes them at the
    indicator's ``decimals`` (7.2). Judging the full value would let a sentence say
    "above the target of 7.2" beside a figure that reads 7.2, so comparisons use this
    instead. It is the number ``figure`` writes, parsed back, so the two cannot
    disagree; a value that rounds to zero is zero, never -0.0. ``None`` (no precision
    known) keeps the value as given, less float noise.
    """
    if decimals is None:
        return round(value, NOISE_DECIMALS) + 0.0
    return float(f"{value:.{decimals}f}") + 0.0  # + 0.0 turns -0.0 into 0.0


def figure(value: float, decimals: int) -> str:
    """A figure as the page writes it, '2,669' or '7.2': ``shown`` with thousands commas, never '-0.0'."""
    return f"{shown(value, decimals):,.{decimals}f}"


def long_date(day: date) -> str:
    """A date as residents read it: '1 July 2013' (no leading zero, the month in words)."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def slug(text: object) -> str:
    """A URL- and id-safe version of a name or number: "Children's centres" -> 'childrens-centres', '2.3' -> '2-3'."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower().replace("'", "").replace("’", "")).strip("-")


#: The longest slug used in a file name; file systems refuse names over 255 bytes.
MAX_FILE_SLUG = 60


def file_slug(text: object) -> str:
    """A slug short enough for a file name: past ``MAX_FILE_SLUG`` characters, cut and told apart by a hash."""
    whole = slug(text)
    if len(whole) <= MAX_FILE_SLUG:
        return whole
    digest = hashlib.sha256(str(text).encode()).hexdigest()[:8]
    return f"{whole[: MAX_FILE_SLUG - 9].rstrip('-')}-{digest}"
