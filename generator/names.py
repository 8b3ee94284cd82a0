"""Short names: what menus, headings, tables and links call a record.

A council's wording is often a whole sentence ("We will maintain or increase the number
of children and adults who are a healthy weight, through …"). Residents on a phone scan
menus and headings, so a record may carry a ``short_title``; the full wording stays on
its own page. Validation warns when a menu label runs past ``MENU_WORD_LIMIT`` words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .model import Outcome, Plan
from .placeholders import MARKER
from .problems import Problem

#: More words than this in a menu label wraps to three lines on a 390 px phone.
MENU_WORD_LIMIT = 8


def short_name(record: Any) -> str:
    """The record's short title, or its own wording when it has none."""
    short = getattr(record, "short_title", None)
    if short:
        return str(short)
    for field in ("title", "name", "text"):
        value = getattr(record, field, None)
        if isinstance(value, str) and value:
            return value
    raise TypeError(f"{type(record).__name__} has no title, name or text to shorten")


def word_count(label: str) -> int:
    return len(label.split())


def _menu_warning(record: Outcome | Plan, label: str, context: str) -> Problem | None:
    if word_count(label) <= MENU_WORD_LIMIT or label.startswith(MARKER):
        return None  # a placeholder is reported as one, not as a long label
    field = "short_title" if getattr(record, "short_title", None) else "title"
    return Problem(
        record.where_of(field),
        f"{context}: the menu label '{label}' has {word_count(label)} words; menus read best with at most "
        f"{MENU_WORD_LIMIT}, so add a shorter 'short_title' (and 'short_title_own: true' if the words are "
        "this site's own)",
        "warning",
    )


def menu_label_warnings(built: Mapping[str, Any]) -> Iterable[Problem]:
    """A warning for each record whose menu label is longer than ``MENU_WORD_LIMIT`` words."""
    for outcome in built.get("outcomes", []):
        problem = _menu_warning(outcome, short_name(outcome), f"outcomes › {outcome.id}")
        if problem:
            yield problem
    for plan in built.get("plans", []):
        problem = _menu_warning(plan, plan.short_title, f"plans › {plan.id}")
        if problem:
            yield problem
