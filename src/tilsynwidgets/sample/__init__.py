"""A synthetic national portfolio for demonstration and tests: no real units or people."""
