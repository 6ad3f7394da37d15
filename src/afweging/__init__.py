"""afweging: weigh a portfolio of initiatives against an explicit framework."""

__version__ = "0.1.0"
