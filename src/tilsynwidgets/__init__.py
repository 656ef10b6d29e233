"""Decision support for the risk-based social supervision in Denmark."""

__version__ = "0.1.0"
