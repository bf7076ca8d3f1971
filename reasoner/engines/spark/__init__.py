"""The spark engine: the same rules on Apache Spark (see engine.py)."""
