"""Solution 5: orientation and matching — profiles, an explainable engine, orientation advice
with pathways, and the matches that succeed. The engine, the advisor and the
learning are pure modules (no Django import); the app around them comes with its models."""
