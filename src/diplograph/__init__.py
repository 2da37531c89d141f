"""diplograph: publish diplomatic documents as validated linked data."""

__version__ = "0.1.0"
