"""Forms of solution 5, one module per domain."""
