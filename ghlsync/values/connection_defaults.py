"""Connection defaults the command line shows in --help, without loading ``connection.py``."""

__all__ = ["DEFAULT_PARALLELISM"]

DEFAULT_PARALLELISM = 32
"""Most requests in flight at once, unless --parallelism says otherwise."""
