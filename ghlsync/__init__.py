"""ghlsync: GoHighLevel associations and relations as code."""

__version__ = "0.1.0"

__all__ = ["__version__"]
