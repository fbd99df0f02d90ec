"""Message templates: plain text files an organiser can edit.

A template is a ``Subject:`` line, a blank line and the body, with fields in braces
(``{name}``; ``{{`` for a literal brace). Where a kind's template comes from, first found:
the event's own copy (kept in the event, :data:`EVENT_KEY` of its ``extra``), the
organiser's copy in the user config dir (``messages/KIND.txt``), the default shipped in
``resources/messages/``. A template is checked before anything is written: an unknown
field is refused with its name.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

from planner.domain.model import Event
from planner.errors import UserError
from planner.resources import resource_path

KINDS = ("changes", "invite", "reminder", "thanks")
EVENT_KEY = "message_templates"

# Every field a template may use, with what it holds (the dialog and the README list them).
FIELDS: dict[str, str] = {
    "name": "the person's name",
    "email": "the person's e-mail address",
    "event": "the event's name",
    "timezone": "the person's time zone (the event's when theirs is unknown)",
    "link": "the person's invite link (the event's page when they have none)",
    "version": "the version the message describes",
    "changes": "what changed for the person, one line each, on their clock",
    "sessions": "the person's sessions (and rehearsals), one line each, on their clock",
    "what_you_did": "what the person did for the event, one line each",
}


@dataclass(frozen=True, slots=True)
class Template:
    kind: str
    subject: str
    body: str
    source: str  # where it came from, for messages ("the event", a path, "the default")

    def render(self, values: dict[str, str]) -> tuple[str, str]:
        """Subject and body with the fields filled (an empty field leaves no run of blank lines)."""
        body = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", self.body.format_map(values))
        return self.subject.format_map(values), body.strip("\n") + "\n"


def user_template_path(kind: str) -> Path:
    import platformdirs

    from planner import APP_AUTHOR, APP_NAME

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "messages" / f"{kind}.txt"


def default_text(kind: str) -> str:
    return resource_path("messages", f"{kind}.txt").read_text(encoding="utf-8")


def parse(kind: str, text: str, source: str) -> Template:
    """Check ``text`` and split it into subject and body; a UserError names what is wrong
    (an unknown field by its name, with the line it is on)."""
    if kind not in KINDS:
        raise UserError(f"unknown message kind {kind!r} (one of {', '.join(KINDS)})")
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    first, _, body = text.partition("\n")
    if not first.lower().startswith("subject:"):
        raise UserError("a template starts with a line 'Subject: ...'", where=f"{source}:1")
    for n, line in enumerate(text.split("\n"), start=1):
        try:
            parts = list(string.Formatter().parse(line))
        except ValueError as exc:
            raise UserError(
                f"a brace is not closed ({exc}); write {{{{ for a literal brace", where=f"{source}:{n}"
            ) from exc
        for _, field, spec, conv in parts:
            if field is None:
                continue
            if field not in FIELDS:
                known = ", ".join(FIELDS)
                raise UserError(f"unknown field {{{field}}} (fields: {known})", where=f"{source}:{n}")
            if spec or conv:
                raise UserError(f"the field {{{field}}} takes no format or conversion", where=f"{source}:{n}")
    return Template(kind, first[len("subject:") :].strip(), body.lstrip("\n"), source)


def load(kind: str, event: Event | None = None) -> Template:
    """The template of ``kind`` for ``event``: the event's copy, else the user's, else the default."""
    if event is not None:
        own = (event.extra.get(EVENT_KEY) or {}).get(kind)
        if isinstance(own, str) and own.strip():
            return parse(kind, own, f"the event's {kind} template")
    path = user_template_path(kind)
    if path.is_file():
        return parse(kind, path.read_text(encoding="utf-8"), str(path))
    return parse(kind, default_text(kind), f"the default {kind} template")


def with_event_template(event: Event, kind: str, text: str | None) -> Event:
    """A copy of ``event`` holding ``text`` as its own ``kind`` template (checked first),
    or without one (``None``: back to the user's or the default)."""
    from dataclasses import replace

    templates = dict(event.extra.get(EVENT_KEY) or {})
    if text is None:
        templates.pop(kind, None)
    else:
        parse(kind, text, f"the {kind} template")
        templates[kind] = text
    extra = {k: v for k, v in event.extra.items() if k != EVENT_KEY}
    if templates:
        extra[EVENT_KEY] = templates
    return replace(event, extra=extra)
