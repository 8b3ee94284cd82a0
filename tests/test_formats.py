"""Money and slugs are written one way everywhere: on pages, in tables and in messages."""

from __future__ import annotations

from generator.formats import money, slug


def test_money_for_residents_and_to_the_pound() -> None:
    assert money(13_021_000) == "£13.0 million"
    assert money(657_000) == "£657,000"
    assert money(13_021_000, exact=True) == "£13,021,000"
    assert money(-2_500_000) == "-£2.5 million"


def test_one_slug_for_ids_anchors_and_urls() -> None:
    assert slug("2.3") == "2-3"
    assert slug("Children's centres") == "childrens-centres"
    assert slug("Children’s centres") == "childrens-centres"
    assert slug(" 1a ") == "1a"
    assert slug("!!!") == ""
