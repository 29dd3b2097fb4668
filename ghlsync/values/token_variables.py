"""The names of the environment variables that hold tokens, for every floor that reads them."""

__all__ = ["AGENCY_TOKEN_ENV"]

AGENCY_TOKEN_ENV = "GHL_AGENCY_TOKEN"
"""An agency token: custom objects are created with it (GHL documents them Agency-Access)."""
