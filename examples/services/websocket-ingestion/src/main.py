"""Websocket ingestion service (example)."""
print("websocket-ingestion running")
