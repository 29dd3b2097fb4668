"""ghlsync's version, for the modules that print or send it (``ghlsync.__version__`` too)."""

__version__ = "0.1.0"
