"""planner: plan virtual and hybrid events with sessions in parallel rooms, offline."""

# The one place the version is written; pyproject.toml reads it from here. (Asking
# importlib.metadata instead costs about 20 ms at start-up and fails in a frozen bundle.)
__version__ = "0.1.0"

APP_NAME = "planner"
APP_AUTHOR = "planner"
