"""Template tags of the partnerships app, one module per area (partnerships_<area>.py)."""
