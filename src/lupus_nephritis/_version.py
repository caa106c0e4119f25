"""Package version (single source of truth for the build backend)."""

__version__ = "0.1.0"
