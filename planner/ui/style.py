"""The look: Qt's Fusion style everywhere (the same on every desktop), a few colours."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

# Given to QApplication as ``-style fusion`` (see app_arguments) rather than set with
# QApplication.setStyle(): that returns the QStyle to Python, and PySide then builds
# Python enums for every QStyle enum, about 5 ms of every start.
STYLE = "fusion"


def app_arguments(program: str) -> list[str]:
    """QApplication's arguments: the program name and the style."""
    return [program, "-style", STYLE]


def apply_style(app: QApplication) -> None:
    """What the style does not do by itself. No application style sheet: it would put
    every widget through QStyleSheetStyle, slower to polish and to paint; the few
    spacings it held are set on the widgets themselves."""


def menu_text(text: str) -> str:
    """``text`` as a menu or button shows it: "&" doubled, so that "Q&A" is not read as a
    mnemonic (which would show "QA" and underline the A)."""
    return text.replace("&", "&&")


def plain_text(action_text: str) -> str:
    """An action's text without its mnemonic marks ("&&" is a literal "&")."""
    return action_text.replace("&&", "\0").replace("&", "").replace("\0", "&")
