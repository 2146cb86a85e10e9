"""``manage.py generate_data``: the benchmark's data generator, reachable by its name.

It is benchmark tooling, so its code lives with the benchmark (bench/generate_data.py); manage.py runs from the
repository root, where ``bench`` is importable.
"""

from bench.generate_data import Command

__all__ = ["Command"]
