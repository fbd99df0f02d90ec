"""planner: plan virtual and hybrid events with sessions in parallel rooms, offline."""

# The same as pyproject.toml's (tests/test_version.py checks). Asking importlib.metadata
# instead costs about 20 ms at start-up and needs package metadata in a frozen bundle.
__version__ = "0.1.0"

APP_NAME = "planner"
APP_AUTHOR = "planner"
