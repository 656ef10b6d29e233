"""The pure domain core: models and rules, no widgets and no I/O beyond packaged data."""
