"""The data as downloads: every value as one tidy CSV, the whole model as JSON.

Analysts can reuse the figures without scraping pages; the CSV's columns are also what
an import of new figures reads back.
"""

from __future__ import annotations

import csv
import io

from .model import Site

CSV_COLUMNS = [
    "indicator",
    "indicator_name",
    "area",
    "breakdown",
    "kind",
    "period",
    "value",
    "unit",
    "reported",
    "source",
]


def tidy_csv(site: Site) -> bytes:
    """One row per value, in the data's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for indicator in site.indicators:
        for series in indicator.series:
            for value in series.values:
                writer.writerow(
                    [
                        indicator.id,
                        indicator.name,
                        series.area,
                        series.breakdown or "",
                        series.kind,
                        value.period,
                        repr(value.value) if value.value != int(value.value) else f"{value.value:.1f}",
                        indicator.unit or "",
                        value.reported or "",
                        value.source or series.source or "",
                    ]
                )
    return buffer.getvalue().encode()


def model_json(site: Site) -> bytes:
    """The whole validated model, as the generator sees it."""
    return site.model_dump_json(indent=1).encode() + b"\n"


def has_figures(site: Site) -> bool:
    """Whether any indicator has a figure: without one, a CSV would be a header row and nothing else."""
    return any(series.values for indicator in site.indicators for series in indicator.series)


def download_files(site: Site) -> dict[str, bytes]:
    files = {"downloads/data.json": model_json(site)}
    if has_figures(site):
        files["downloads/data.csv"] = tidy_csv(site)
    return files
