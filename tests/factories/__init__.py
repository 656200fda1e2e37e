"""One factory per model, one module per app."""
