"""Thin ipywidgets layer over the domain core; notebooks compose these."""
