"""Admin API (example)."""
app = None
