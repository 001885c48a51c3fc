"""The archive of original reports and the full-text index derived from it."""
