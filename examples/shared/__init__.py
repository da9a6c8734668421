"""Shared helpers for the example services."""
