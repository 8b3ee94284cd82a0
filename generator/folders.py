"""Where a build keeps its files: names shared by the full build and the quick path, with no imports.

Kept apart from ``build`` so that a build with nothing to generate (``unchanged``) can
publish without importing the model, the templates or pydantic.
"""

from __future__ import annotations

from pathlib import Path

BUILD_DIR = "build"
DOCS_DIR = "docs"
CACHE_DIR = ".cache"
STAGING_PREFIX = ".site-new-"
PREVIOUS_PREFIX = ".site-old-"


def _templates_dir() -> Path:
    """The templates inside an installed package, or beside the package in a source checkout."""
    packaged = Path(__file__).resolve().parent / "site_templates"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "site_templates"


TEMPLATES_DIR = _templates_dir()
THEME_OVERRIDES = TEMPLATES_DIR / "overrides"
