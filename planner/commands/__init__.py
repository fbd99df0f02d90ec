"""Sub-commands of ``planner``, one module per area. Each module has
``register(subparsers)``, which adds its parsers and sets ``func`` on each: a function
``(args, store_opener) -> int`` that returns the exit status. The modules share their
work with the window through the Qt-free packages; none imports Qt widgets."""

from __future__ import annotations

COMMAND_MODULES = [
    "planner.commands.core",  # events, demo
    "planner.commands.event",  # event show, event set
    "planner.commands.interop",  # import, export
    "planner.commands.check",  # check
    "planner.commands.people",  # people import/export, invites, qr-sheet
    "planner.commands.afterwards",  # attendance, feedback, report
    "planner.commands.versions",  # publish, versions, changes, changelog, notify
    "planner.commands.arrange",  # schedule, pin
    "planner.commands.share",  # share export/merge/state/secret (team editing)
]
