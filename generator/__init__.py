"""Strategy-as-code: publish a health and wellbeing strategy kept as YAML as a website."""

__version__ = "0.1.0"
