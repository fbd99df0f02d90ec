"""Invite tokens and links, and the rules of one active invite per person.

A token is :func:`secrets.token_urlsafe` of 16 random bytes (128 bits): nobody can
guess another person's link by changing a number in it. The link comes from the event's
template (default ``{base_url}/register?invite={token}``); the template is checked before
use and every part put into it is URL-encoded.
"""

from __future__ import annotations

import logging
import secrets
import string
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

from planner.domain.model import (
    DEFAULT_INVITE_TEMPLATE,
    Event,
    Invite,
    Person,
    PersonRole,
    Schedule,
    Session,
    utcnow,
)
from planner.errors import UserError

log = logging.getLogger(__name__)

TOKEN_BYTES = 16  # 128 bits of randomness
PLACEHOLDERS = ("base_url", "slug", "token")
# Characters that may stay as they are in a URL path or query (RFC 3986 reserved and
# unreserved, plus an existing percent escape).
_URL_SAFE = "/:@!$&'()*+,;=?#[]%-._~"


def new_token() -> str:
    """A fresh URL-safe token with 128 bits from the operating system's random source."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _split(url: str, what: str) -> SplitResult:
    """``url`` split, its port and host checked: a port outside 1-65535, a port that is
    not a number or a broken IPv6 host (``http://[::1``) is a sentence, not a ValueError
    later when a link is built."""
    try:
        parts = urlsplit(url)
        port = parts.port
        parts.hostname  # noqa: B018 (checks a bracketed host)
    except ValueError as exc:
        reason = str(exc)
        if "IPv6" in reason or "IPv4" in reason:
            raise UserError(f"{what} has a broken IPv6 host in brackets (got {url!r})") from exc
        raise UserError(f"{what} has a port that is not a number from 1 to 65535 (got {url!r})") from exc
    if port == 0:
        raise UserError(f"{what} has a port that is not a number from 1 to 65535 (got {url!r})")
    return parts


def _check_http_url(url: str, what: str) -> None:
    parts = _split(url, what)
    if parts.scheme not in ("http", "https"):
        raise UserError(f"{what} must start with http:// or https:// (got {url!r})")
    if not parts.hostname:
        raise UserError(f"{what} has no host name (got {url!r})")


def normalise_base_url(base_url: str) -> str:
    """The event's base URL, checked (http or https, with a host) and encoded: a space or
    a non-ASCII letter in the path becomes a percent escape, the host becomes IDNA."""
    base_url = base_url.strip()
    if not base_url:
        raise UserError(
            "the event has no invite base URL (set it in Event settings, "
            "for example https://example.org/events/my-event)"
        )
    _check_http_url(base_url, "the invite base URL")
    parts = _split(base_url, "the invite base URL")
    hostname = parts.hostname or ""
    if ":" in hostname:  # an IPv6 address keeps its brackets
        host = f"[{hostname}]"
    else:
        try:
            host = hostname.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise UserError(f"the invite base URL has a host name that is not valid: {hostname!r}") from exc
    netloc = host + (f":{parts.port}" if parts.port else "")
    path = quote(parts.path.rstrip("/"), safe=_URL_SAFE)
    return urlunsplit((parts.scheme, netloc, path, quote(parts.query, safe=_URL_SAFE), ""))


def check_template(template: str) -> None:
    """Raise :class:`UserError` unless ``template`` makes an http(s) link with the token.

    Allowed placeholders: ``{base_url}``, ``{slug}``, ``{token}``; ``{token}`` must be
    there exactly once. A template that does not start with ``{base_url}`` must start
    with ``http://`` or ``https://`` itself.
    """
    if not template.strip():
        raise UserError("the invite link template is empty")
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise UserError(f"the invite link template has an unmatched brace: {exc}") from exc
    for f in fields:
        if f not in PLACEHOLDERS:
            raise UserError(
                f"the invite link template has an unknown placeholder {{{f}}} "
                f"(allowed: {', '.join('{' + p + '}' for p in PLACEHOLDERS)})"
            )
    if fields.count("token") != 1:
        raise UserError("the invite link template must hold {token} exactly once")
    if not template.startswith("{base_url}"):
        _check_http_url(template.split("{", 1)[0] + "x", "the invite link template")
    sample = template.format(base_url="https://example.org/e", slug="event", token="TOKEN")
    _check_http_url(sample, "the invite link template")


def invite_link(event: Event, token: str) -> str:
    """The link for ``token`` from the event's template and base URL, every part encoded."""
    template = event.invite_template or DEFAULT_INVITE_TEMPLATE
    check_template(template)
    base = normalise_base_url(event.invite_base_url) if "{base_url}" in template else ""
    link = template.format(
        base_url=base,
        slug=quote(event.slug, safe=""),
        token=quote(token, safe=""),
    )
    _check_http_url(link, "the invite link")
    return quote(link, safe=_URL_SAFE)  # a literal space or letter in the template itself


def check_invite_settings(event: Event) -> None:
    """Raise :class:`UserError` unless the event's base URL and template make links.
    Where a base URL or template is entered (the event dialog, ``planner event set``)
    and before invites are issued and saved, so that nothing is saved that then cannot
    be written."""
    template = event.invite_template or DEFAULT_INVITE_TEMPLATE
    check_template(template)
    if event.invite_base_url.strip():
        normalise_base_url(event.invite_base_url)
    if "{base_url}" not in template or event.invite_base_url.strip():
        invite_link(event, "TOKEN")


def personal_link(schedule: Schedule, person: Person) -> str:
    """The one way a person's link is made (invite CSV, QR codes, reminders): their
    active invite's checked, encoded link; without an active invite, the event's base
    URL (normalised), or "" when there is none. Raises :class:`UserError` when the
    event's invite settings cannot make a link."""
    inv = active_invite(schedule, person.guid)
    ev = schedule.event
    if inv is not None:
        return invite_link(ev, inv.token)
    return normalise_base_url(ev.invite_base_url) if ev.invite_base_url.strip() else ""


def short_link(link: str) -> str:
    """The link without its scheme, as printed under a QR code."""
    parts = urlsplit(link)
    return link[len(parts.scheme) + 3 :] if parts.scheme else link


# ------------------------------------------------------------------ people and roles
def sessions_of(schedule: Schedule, person_guid: str) -> list[Session]:
    """The sessions in which the person speaks or moderates, in time order."""
    found = [s for s in schedule.sessions if person_guid in s.speakers or person_guid in s.moderators]
    return sorted(found, key=lambda s: (s.start is None, s.start or utcnow(), s.title.casefold()))


def has_role(schedule: Schedule, person: Person, role: PersonRole | str | None) -> bool:
    """Whether ``person`` counts as ``role``: by their own role, or for speaker and
    moderator also by holding that role in any session."""
    if role is None:
        return True
    role = PersonRole(role)
    if person.role == role:
        return True
    if role == PersonRole.SPEAKER:
        return any(person.guid in s.speakers for s in schedule.sessions)
    if role == PersonRole.MODERATOR:
        return any(person.guid in s.moderators for s in schedule.sessions)
    return False


def parse_role(text: str | None) -> PersonRole | None:
    if text is None or text == "":
        return None
    try:
        return PersonRole(text.strip().lower())
    except ValueError as exc:
        raise UserError(
            f"unknown role {text!r} (use one of: {', '.join(r.value for r in PersonRole)})"
        ) from exc


def people_with_role(schedule: Schedule, role: PersonRole | str | None) -> list[Person]:
    return sorted(
        (p for p in schedule.people if has_role(schedule, p, role)),
        key=lambda p: (p.name.casefold(), p.email.casefold()),
    )


# ------------------------------------------------------------------ invites
def active_invite(schedule: Schedule, person_guid: str) -> Invite | None:
    """The person's one active invite (the newest, should the store hold more)."""
    active = [i for i in schedule.invites if i.person == person_guid and i.active]
    return max(active, key=lambda i: i.created) if active else None


def issue_invite(schedule: Schedule, person_guid: str) -> Invite:
    """A new invite for the person (not saved). Refused while one is active."""
    if person_guid not in schedule.person_by_guid():
        raise UserError("that person is not in this event")
    if active_invite(schedule, person_guid) is not None:
        raise UserError("this person already has an active invite; revoke it first")
    taken = {i.token for i in schedule.invites}
    token = new_token()
    while token in taken:  # 2**-128; but never hand out one token twice
        token = new_token()
    return Invite(person=person_guid, token=token)


def revoke(invite: Invite) -> Invite:
    """A copy of ``invite`` marked revoked now."""
    return Invite(person=invite.person, token=invite.token, created=invite.created, revoked=utcnow())


@dataclass(frozen=True, slots=True)
class InviteRow:
    """One person's invite as exports and sheets show it."""

    person: Person
    invite: Invite
    link: str
    role: str
    sessions: list[str]


def role_label(schedule: Schedule, person: Person) -> str:
    """The person's role, and the session roles they hold beyond it: ``attendee, speaker``."""
    roles = [person.role.value]
    for s in schedule.sessions:
        if person.guid in s.speakers and "speaker" not in roles:
            roles.append("speaker")
        if person.guid in s.moderators and "moderator" not in roles:
            roles.append("moderator")
    return ", ".join(roles)


def invite_rows(schedule: Schedule, people: list[Person]) -> list[InviteRow]:
    """The rows for ``people``, each with their active invite (which must exist)."""
    out = []
    for p in people:
        inv = active_invite(schedule, p.guid)
        if inv is None:
            raise UserError(f"{p.name} has no active invite")
        out.append(
            InviteRow(
                p,
                inv,
                personal_link(schedule, p),
                role_label(schedule, p),
                [s.title for s in sessions_of(schedule, p.guid)],
            )
        )
    return out


def missing_invites(schedule: Schedule, people: list[Person]) -> list[Invite]:
    """New invites (not saved) for those of ``people`` who have no active one. The
    schedule's invite list is extended, so that the tokens stay unique among them."""
    new = []
    for p in people:
        if active_invite(schedule, p.guid) is None:
            inv = issue_invite(schedule, p.guid)
            schedule.invites.append(inv)
            new.append(inv)
    return new
