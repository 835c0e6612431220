"""Who may do what in the training app, one module per area."""
