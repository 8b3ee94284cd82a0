"""Make a synthetic site of a given size, for benchmarks: N areas × M indicators × P periods.

Outcomes, priorities, actions and milestones grow in proportion to the indicators, the
way a county-wide or national deployment would. A fixed seed makes every run build
the same site, so timings can be compared between runs and machines.

    python bench/make_site.py OUT_DIR --indicators 300 --areas 3 --periods 8
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
AREA = "Benchtown"


UPDATE = {"date": "2013-10-01", "status": "in progress"}


def _outcomes(count: int, indicators: int, rng: random.Random) -> list[dict[str, Any]]:
    per = max(1, indicators // count)
    outcomes = []
    for number in range(1, count + 1):
        first = (number - 1) * per
        measured = range(first, min(indicators, first + per)) if number < count else range(first, indicators)
        outcomes.append(
            {
                "number": number,
                "id": f"outcome-{number}",
                "title": f"Outcome {number}: people in {AREA} live longer, healthier lives",
                "summary": "A synthetic outcome for benchmarks. " * 3,
                "delivery_board": f"board-{number % 5 + 1}",
                "what_we_know": [{"text": f"Fact {n} about outcome {number}."} for n in range(3)],
                "priorities": [
                    {
                        "id": f"{number}.{p}",
                        "text": f"Commission service {p} for outcome {number} so that people get help "
                        f"early and close to home.",
                        "jsna_links": [{"jsna": f"jsna-{rng.randint(1, 10)}", "as_written": "JSNA priority"}],
                    }
                    for p in range(1, 4)
                ],
                "measures": [{"indicator": f"indicator-{i}", "as_written": f"Indicator {i}"} for i in measured],
                "actions": [
                    {
                        "id": str(a),
                        "text": f"Action {a} of outcome {number}.",
                        "board": f"board-{number % 5 + 1}",
                        "milestones": [
                            {
                                "id": f"{a}{letter}",
                                "text": f"Milestone {a}{letter}.",
                                "when": f"by 01/{rng.randint(1, 12):02d}/14",
                                # progress is tracked, as on a council's live site: every first milestone has news
                                **({"updates": [dict(UPDATE)]} if letter == "a" else {}),
                            }
                            for letter in "ab"
                        ],
                    }
                    for a in range(1, 3)
                ],
            }
        )
    return outcomes


def _indicators(count: int, areas: int, periods: int, rng: random.Random) -> list[dict[str, Any]]:
    names = [AREA] + [f"Comparator {n}" for n in range(1, areas)]
    years = [2010 + y for y in range(periods)]
    indicators = []
    for number in range(count):
        base = rng.uniform(10, 90)
        series = []
        for area in names:
            level = base * rng.uniform(0.9, 1.1)
            series.append(
                {
                    "area": area,
                    "kind": "actual",
                    "values": [
                        {"period": str(y), "value": round(level + rng.uniform(-2, 2) + i * 0.3, 1)}
                        for i, y in enumerate(years)
                    ],
                }
            )
        series.append(
            {
                "area": AREA,
                "kind": "target",
                "values": [
                    {"period": str(y), "value": round(base + i * 0.4, 1)} for i, y in enumerate(years[1:], start=1)
                ],
            }
        )
        indicators.append(
            {
                "id": f"indicator-{number}",
                "name": f"Synthetic measure {number}",
                "unit": "%",
                "decimals": 1,
                "polarity": rng.choice(["higher", "lower"]),
                "definition": "A synthetic indicator for benchmarks.",
                "baseline_period": str(years[0]),
                "series": series,
            }
        )
    return indicators


def make_site(out: Path, indicators: int, areas: int = 3, periods: int = 8, seed: int = 2012) -> Path:
    """Write a complete site folder with the given number of indicators; return it."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    outcomes = max(3, indicators // 10)
    data = {
        "strategy.yaml": {
            "strategy": {
                "title": f"{AREA} health and wellbeing strategy",
                "area": AREA,
                "period": "2012-2019",
                "status": "final",
                "as_of": "2014-06-30",
                "sections": [{"id": "about", "title": "About", "body": "A synthetic strategy for benchmarks."}],
            }
        },
        "outcomes.yaml": {"outcomes": _outcomes(outcomes, indicators, rng)},
        "jsna.yaml": {
            "jsna_priorities": [
                {"id": f"jsna-{n}", "name": f"JSNA priority {n}", "group": 1 + n % 2} for n in range(1, 11)
            ]
        },
        "boards.yaml": {
            "boards": [
                {"id": f"board-{n}", "name": f"Delivery board {n}", "role": "Drives outcomes."} for n in range(1, 6)
            ]
        },
        "glossary.yaml": {"glossary": [{"term": "JSNA", "expansion": "Joint Strategic Needs Assessment"}]},
        "accessibility.yaml": {
            "accessibility": {
                "organisation": f"{AREA} Council",
                "compliance": "partial",
                "how_tested": "Automated checks.",
                "prepared": "2026-11-23",
                "reviewed": "2026-11-23",
                # a published build refuses a site that gives no way to report a problem
                "contact": {"email": "accessibility@benchtown.example"},
            }
        },
    }
    generated = _indicators(indicators, areas, periods, rng)
    for start in range(0, len(generated), 100):  # files of 100 indicators, as a large site would keep them
        data[f"indicators-{start // 100 + 1:03d}.yaml"] = {"indicators": generated[start : start + 100]}
    for name, content in data.items():
        (out / "data" / name).write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), "utf-8")
    shutil.copy(ROOT / "mkdocs.yml", out / "mkdocs.yml")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--areas", type=int, default=3)
    parser.add_argument("--periods", type=int, default=8)
    args = parser.parse_args()
    make_site(args.out, args.indicators, args.areas, args.periods)
    print(f"wrote {args.out} ({args.indicators} indicators)")


if __name__ == "__main__":
    main()
