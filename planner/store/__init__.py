"""The local store: SQLModel on one SQLite file. No Qt."""

from planner.store.db import StoreError, default_db_path
from planner.store.repo import EventSummary, Store

__all__ = ["EventSummary", "Store", "StoreError", "default_db_path"]
