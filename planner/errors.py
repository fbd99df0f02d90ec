"""Errors meant for the user: their message is one clear sentence, shown as it is."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix; the message says what is wrong and where."""

    def __init__(self, message: str, *, where: str = "") -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
