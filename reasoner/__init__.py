"""reasoner: a rules-based reasoning system over news about international diplomacy."""

__version__ = "0.1.0"
