"""Who may do what in solution 5, one module per domain."""
