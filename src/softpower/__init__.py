"""softpower: local-first account intelligence for pull-oriented B2B selling.

The Python API is the services layer: `from softpower import services`.
"""

__version__ = "0.1.0"
