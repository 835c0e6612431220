"""Pages of the training app, one module per area."""
