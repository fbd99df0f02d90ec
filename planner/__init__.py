"""planner: plan virtual and hybrid events with sessions in parallel rooms, offline."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("planner")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.1.0"

APP_NAME = "planner"
APP_AUTHOR = "planner"
