"""The package version, in a module of its own: the package's modules read it without
importing the package itself (its public API imports them)."""

__all__ = ["__version__"]

__version__ = "0.1.0"
