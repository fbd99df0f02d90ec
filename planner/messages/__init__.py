"""Messages drafted for people, never sent: one RFC 5322 ``.eml`` file each (built with
Python's :mod:`email` package), the calendar files they carry, and a mail-merge CSV.

Kinds: ``changes`` (what changed for a speaker or moderator between two states of the
event, on their own clock, with an ``.ics`` whose UIDs are stable per session and whose
SEQUENCE is the version's number, so calendars update the entries they have), ``invite``
(the personal link and its QR code, inline), ``reminder`` (their rehearsals and sessions,
with alarms) and ``thanks`` (every speaker, moderator and crew member, naming what they
did). Templates: :mod:`planner.messages.templates`. Qt-free.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as IcsEvent

from planner import __version__
from planner.domain.model import Person, PersonRole, Schedule, Session, SessionKind, SessionStatus, slugify
from planner.errors import UserError
from planner.messages.templates import Template
from planner.versions.changes import SessionChange, describe

log = logging.getLogger(__name__)

MSGID_DOMAIN = "planner.invalid"
CALENDAR_NAME = "sessions.ics"  # the attachment's name: the same in every message
CSV_HEADER = ["file", "name", "email", "subject", "body", "attachment", "link"]


@dataclass(slots=True)
class Draft:
    """One message for one person: its text, and the files it carries."""

    person: Person
    kind: str
    subject: str
    body: str
    link: str = ""
    ics: bytes | None = None  # the calendar attached (and written beside the .eml)
    qr_png: bytes | None = None  # the invite's QR code, inline in the HTML part
    lines: list[str] = field(default_factory=list)  # what the message is about, for a preview

    def message(
        self, sender: str, now: datetime | None = None, shared: _Shared | None = None
    ) -> EmailMessage:
        """The message; ``shared`` holds the headers every message of a batch has, parsed
        once (the email package's header parsing is most of the time a message takes)."""
        shared = shared or _Shared(sender, now)
        msg = EmailMessage()
        msg.set_raw("From", shared.sender)
        if self.person.email:
            msg["To"] = Address(self.person.name, addr_spec=self.person.email)
        msg["Subject"] = self.subject
        msg.set_raw("Date", shared.date)
        msg["Message-ID"] = make_msgid(self.kind, domain=MSGID_DOMAIN)
        msg.set_raw("X-Planner-Kind", shared.kind(self.kind))
        if self.qr_png is None:
            # The common case (a text and perhaps a calendar), from headers parsed once.
            msg.set_raw("MIME-Version", shared.mime)
            text = shared.text_part(self.body)
            if self.ics is None:
                for name in ("Content-Type", "Content-Transfer-Encoding"):
                    msg.set_raw(name, text[name])
                msg.set_payload(text.get_payload())
            else:
                msg.set_raw("Content-Type", shared.mixed())
                msg.set_payload([text, shared.calendar_part(self.ics)])
            return msg
        msg.set_content(self.body)
        cid = make_msgid("qr", domain=MSGID_DOMAIN)
        html = "".join(f"<p>{_html(p)}</p>" for p in self.body.split("\n\n"))
        html += f'<p><img src="cid:{cid[1:-1]}" alt="QR code of your link" width="200" height="200"></p>'
        msg.add_alternative(f"<!DOCTYPE html><html><body>{html}</body></html>", subtype="html")
        html_part = msg.get_body(("html",))
        assert isinstance(html_part, EmailMessage)
        html_part.add_related(
            self.qr_png, "image", "png", cid=cid, filename="invite-qr.png", disposition="inline"
        )
        if self.ics is not None:
            msg.add_attachment(
                self.ics,
                maintype="text",
                subtype="calendar",
                filename=CALENDAR_NAME,
                params={"method": "PUBLISH", "charset": "utf-8"},
            )
        return msg


class _Shared:
    """Headers parsed once for a batch of messages (EmailMessage.set_raw stores them as they are)."""

    def __init__(self, sender: str, now: datetime | None = None) -> None:
        from email.policy import default

        self._factory = default.header_factory
        self.sender = self._factory("From", sender)
        self.date = self._factory("Date", format_datetime(now or datetime.now(UTC)))
        self._kinds: dict[str, object] = {}
        f = self._factory
        self.mime = f("MIME-Version", "1.0")
        self._text = (
            f("Content-Type", 'text/plain; charset="utf-8"'),
            f("Content-Transfer-Encoding", "quoted-printable"),
        )
        self._calendar = (
            f("Content-Type", 'text/calendar; method="PUBLISH"; charset="utf-8"'),
            f("Content-Transfer-Encoding", "base64"),
            f("Content-Disposition", f'attachment; filename="{CALENDAR_NAME}"'),
        )

    def mixed(self) -> object:
        import secrets

        # A boundary no text part can contain: its "=_" never occurs in quoted-printable
        # or base64 lines (RFC 2045 §6.7), and the random part makes it unique.
        return self._factory("Content-Type", f'multipart/mixed; boundary="=_planner_{secrets.token_hex(12)}"')

    def text_part(self, body: str) -> EmailMessage:
        """A UTF-8 text/plain part, quoted-printable (what the email package chooses for
        such text), made without parsing its headers again."""
        from email import quoprimime

        part = EmailMessage()
        part.set_raw("Content-Type", self._text[0])
        part.set_raw("Content-Transfer-Encoding", self._text[1])
        raw = body.replace("\r\n", "\n").encode("utf-8").decode("latin-1")  # bytes as characters
        part.set_payload(quoprimime.body_encode(raw))
        return part

    def calendar_part(self, ics: bytes) -> EmailMessage:
        import base64

        part = EmailMessage()
        for name, value in zip(
            ("Content-Type", "Content-Transfer-Encoding", "Content-Disposition"), self._calendar, strict=True
        ):
            part.set_raw(name, value)
        part.set_payload(base64.encodebytes(ics).decode("ascii"))
        return part

    def kind(self, kind: str) -> object:
        if kind not in self._kinds:
            self._kinds[kind] = self._factory("X-Planner-Kind", kind)
        return self._kinds[kind]


def _html(text: str) -> str:
    from html import escape

    return escape(text).replace("\n", "<br>")


# ------------------------------------------------------------------ what a person sees
def zone_of(schedule: Schedule, person: Person) -> ZoneInfo:
    return ZoneInfo(person.timezone or schedule.event.timezone)


def session_line(schedule: Schedule, s: Session, person: Person, rooms: dict[str, str] | None = None) -> str:
    """``Sat 27 Dec 11:00–11:40, Saal 1: Title (speaker)`` on the person's clock."""
    assert s.start is not None and s.end is not None
    zone = zone_of(schedule, person)
    a, b = s.start.astimezone(zone), s.end.astimezone(zone)
    room = (rooms if rooms is not None else {r.guid: r.name for r in schedule.rooms}).get(s.room or "", "")
    role = "moderator" if person.guid in s.moderators else "speaker"
    what = s.title if s.kind == SessionKind.REHEARSAL else f"{s.title} ({role})"
    cancelled = " — CANCELLED" if s.status == SessionStatus.CANCELLED else ""
    where = f", {room}" if room else ""
    return f"{a:%a %d %b %H:%M}–{b:%H:%M}{where}: {what}{cancelled}"


def sessions_of(schedule: Schedule, person: Person) -> list[Session]:
    """The sessions and rehearsals with a time that the person is on, in time order."""
    found = [
        s
        for s in schedule.sessions
        if s.start is not None and (person.guid in s.speakers or person.guid in s.moderators)
    ]
    return sorted(found, key=lambda s: (s.start, s.title))


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {x}" for x in lines) or "- (none)"


def _link(schedule: Schedule, person: Person) -> str:
    """The person's link (:func:`planner.invites.links.personal_link`), or the event's
    page as it is written when the invite settings cannot make one."""
    from planner.invites.links import personal_link

    try:
        return personal_link(schedule, person)
    except UserError:
        return schedule.event.invite_base_url


def values(schedule: Schedule, person: Person, **more: str) -> dict[str, str]:
    """The template fields for ``person``; ``more`` fills the kind's own."""
    base = {
        "name": person.name,
        "email": person.email,
        "event": schedule.event.name,
        "timezone": person.timezone or schedule.event.timezone,
        "link": more.pop("link", "") or _link(schedule, person),
        "version": "",
        "changes": "",
        "sessions": "",
        "what_you_did": "",
    }
    base.update(more)
    return base


# ------------------------------------------------------------------ calendars
def calendar(
    schedule: Schedule,
    person: Person,
    sessions: list[Session],
    sequence: int,
    cancelled: Iterable[Session] = (),
    now: datetime | None = None,
    alarms: bool = False,
) -> bytes:
    """The person's sessions as iCalendar: the UID of an entry is the session's, stable
    across versions; SEQUENCE is ``sequence`` (the version's number), so a calendar that
    has the entry updates it. ``cancelled`` sessions (removed, or no longer theirs) are
    sent with STATUS:CANCELLED. With ``alarms``, each live entry rings a day and half an
    hour before (the reminders')."""
    from icalendar import Alarm

    from planner.afterwards.reminders import ALARMS

    rooms = {r.guid: r.name for r in schedule.rooms}
    cal = Calendar()
    cal.add("prodid", f"-//planner {__version__}//messages//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{schedule.event.name}: {person.name}")
    stamp = (now or datetime.now(UTC)).replace(microsecond=0)
    for s, gone in [(s, False) for s in sessions] + [(s, True) for s in cancelled]:
        assert s.start is not None and s.end is not None
        ev = IcsEvent()
        ev.add("uid", f"{s.guid}@planner")
        ev.add("sequence", sequence)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", s.start)
        ev.add("dtend", s.end)
        ev.add("summary", s.title)
        room = rooms.get(s.room or "", "")
        ev.add("location", f"{schedule.event.name}, {room}" if room else schedule.event.name)
        dead = gone or s.status == SessionStatus.CANCELLED
        ev.add("status", "CANCELLED" if dead else "CONFIRMED")
        if alarms and not dead:
            for before in ALARMS:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"{s.title} starts in {int(before.total_seconds() // 60)} minutes")
                alarm.add("trigger", -before)
                ev.add_component(alarm)
        cal.add_component(ev)
    return bytes(cal.to_ical())


# ------------------------------------------------------------------ the kinds
def changes_drafts(
    before: Schedule,
    after: Schedule,
    found: list[SessionChange],
    template: Template,
    version: str,
    sequence: int,
    now: datetime | None = None,
) -> list[Draft]:
    """One draft per speaker or moderator whom ``found`` touches (on the session before
    or after), in name order."""
    by_person: dict[str, list[SessionChange]] = {}
    for c in found:
        for g in c.people:
            by_person.setdefault(g, []).append(c)
    people = {**before.person_by_guid(), **after.person_by_guid()}
    rooms = {r.guid: r.name for r in after.rooms}
    old_sessions = before.session_by_guid()
    drafts = []
    for guid, theirs in by_person.items():
        person = people.get(guid)
        if person is None:
            continue
        zone = zone_of(after, person)
        now_on = sessions_of(after, person)
        mine = {s.guid for s in now_on}
        gone = [
            old_sessions[c.guid]
            for c in theirs
            if c.guid not in mine and c.guid in old_sessions and old_sessions[c.guid].start is not None
        ]
        gone = list({s.guid: s for s in gone}.values())
        lines = [describe(c, zone) for c in theirs]
        fields = values(
            after,
            person,
            version=version,
            changes=_bullets(lines),
            sessions=_bullets(session_line(after, s, person, rooms) for s in now_on),
        )
        subject, body = template.render(fields)
        ics = calendar(after, person, now_on, sequence, gone, now)
        drafts.append(Draft(person, "changes", subject, body, fields["link"], ics, lines=lines))
    return sorted(drafts, key=lambda d: (d.person.name.casefold(), d.person.guid))


def on_programme(schedule: Schedule) -> list[Person]:
    """Speakers and moderators: by their role in the event or on a placed session."""
    on = {g for s in schedule.sessions if s.start is not None for g in s.speakers + s.moderators}
    return sorted(
        (p for p in schedule.people if p.guid in on or p.role in (PersonRole.SPEAKER, PersonRole.MODERATOR)),
        key=lambda p: (p.name.casefold(), p.guid),
    )


def invite_drafts(schedule: Schedule, template: Template, people: list[Person] | None = None) -> list[Draft]:
    """The personal link (each person must hold an active invite) and its QR code."""
    from planner.invites.links import active_invite, invite_link
    from planner.invites.qr import png_bytes

    drafts = []
    rooms = {r.guid: r.name for r in schedule.rooms}
    for person in on_programme(schedule) if people is None else people:
        inv = active_invite(schedule, person.guid)
        if inv is None:
            raise UserError(f"{person.name} has no active invite")
        link = invite_link(schedule.event, inv.token)
        lines = [session_line(schedule, s, person, rooms) for s in sessions_of(schedule, person)]
        fields = values(schedule, person, link=link, sessions=_bullets(lines))
        subject, body = template.render(fields)
        drafts.append(
            Draft(person, "invite", subject, body, link, qr_png=png_bytes(link, box_size=6), lines=[link])
        )
    return drafts


def reminder_drafts(schedule: Schedule, template: Template, sequence: int = 0) -> list[Draft]:
    """Their rehearsals and sessions not cancelled, with a calendar that rings before each
    (same UIDs as the change notices, so it updates what those put in calendars)."""
    from planner.invites.links import personal_link

    rooms = {r.guid: r.name for r in schedule.rooms}
    drafts = []
    for person in on_programme(schedule):
        mine = [s for s in sessions_of(schedule, person) if s.status != SessionStatus.CANCELLED]
        if not mine:
            continue
        lines = [session_line(schedule, s, person, rooms) for s in mine]
        fields = values(schedule, person, link=personal_link(schedule, person), sessions=_bullets(lines))
        subject, body = template.render(fields)
        ics = calendar(schedule, person, mine, sequence, alarms=True)
        drafts.append(Draft(person, "reminder", subject, body, fields["link"], ics, lines=lines))
    return drafts


def thanks_drafts(schedule: Schedule, template: Template) -> list[Draft]:
    """Every speaker, moderator and crew member, naming what they did."""
    did: dict[str, list[str]] = {}
    for s in sorted(
        (s for s in schedule.sessions if s.start is not None and s.status != SessionStatus.CANCELLED),
        key=lambda s: (s.start, s.title),
    ):
        if s.kind == SessionKind.REHEARSAL:
            continue
        for g in s.speakers:
            did.setdefault(g, []).append(f"spoke in '{s.title}'")
        for g in s.moderators:
            did.setdefault(g, []).append(f"moderated '{s.title}'")
    drafts = []
    for person in sorted(schedule.people, key=lambda p: (p.name.casefold(), p.guid)):
        lines = list(did.get(person.guid, []))
        if person.role == PersonRole.CREW:
            lines.append("worked on the crew")
        if not lines:
            continue
        fields = values(schedule, person, what_you_did=_bullets(lines))
        subject, body = template.render(fields)
        drafts.append(Draft(person, "thanks", subject, body, fields["link"], lines=lines))
    return drafts


# ------------------------------------------------------------------ writing
def write_drafts(
    drafts: list[Draft], out_dir: Path, sender: str, now: datetime | None = None
) -> tuple[list[Path], Path]:
    """Write one ``.eml`` per draft (and its ``.ics`` beside it) and ``messages.csv`` for
    a mail merge into ``out_dir``; return the messages and the CSV."""
    from planner.csvwrite import write_csv

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    shared = _Shared(sender, now)
    used: set[str] = set()
    paths: list[Path] = []
    rows: list[list[str]] = []
    for d in drafts:
        stem = f"{d.kind}-{slugify(d.person.name, 'person')}"
        name, n = stem, 2
        while name in used:
            name = f"{stem}-{n}"
            n += 1
        used.add(name)
        path = out_dir / f"{name}.eml"
        path.write_bytes(d.message(sender, now, shared).as_bytes())
        attachment = ""
        if d.ics is not None:
            (out_dir / f"{name}.ics").write_bytes(d.ics)
            attachment = f"{name}.ics"
        paths.append(path)
        rows.append([path.name, d.person.name, d.person.email, d.subject, d.body, attachment, d.link])
    csv_path = out_dir / "messages.csv"
    write_csv(csv_path, CSV_HEADER, rows)
    log.info("drafted %d messages in %s", len(paths), out_dir)
    return paths, csv_path


def default_sender(schedule: Schedule) -> str:
    return str(Address(f"{schedule.event.name} programme", addr_spec="programme@example.invalid"))


def sequence_of(number: int | None, last: int | None) -> int:
    """The SEQUENCE of a state: a version's own number, or one past the last version for
    the current state (what it will be once published)."""
    if number is not None:
        return number
    return (last or 0) + 1


__all__ = [
    "Draft",
    "calendar",
    "changes_drafts",
    "default_sender",
    "invite_drafts",
    "reminder_drafts",
    "sequence_of",
    "thanks_drafts",
    "write_drafts",
]
