"""The news reader."""
