"""The analytics figures, asserted exactly on a small event whose numbers are worked out
by hand below (each expected value carries its arithmetic), and on the demo event.

The night event: one event day in Vienna (UTC+1 in March) from 18:00 to 02:00.

    room    capacity  session      start  limit  capacity  reg  att  no-show  fill         actual
    Hall    80        Opening      18:00  -      80        70   60   10       60/80=0.75   18:00 (0)
    Hall              Workshop     19:00  32     min=32    40   16   24       16/32=0.5    19:02 (+2)
    Hall              Break*       20:00  -      -         100  100  -        -            20:30 (+30)
    Hall              Quiet        21:00  -      80        -    -    -        None         -
    Annex   None      Open mic     22:00  -      None      5    5    0        None         21:58 (-2)
    Cellar  40        Jam          23:00  60     min=40    50   30   20       30/40=0.75   23:05 (+5)
    Cellar            Late talk    00:30  -      40        8    10   0 (<0)   10/40=0.25   00:45 (+15)
    Cellar            Soundcheck*  17:00  (rehearsal)                                      17:40 (+40)
    -                 Someday*     -      (unscheduled)
    -                 Roomless*    20:00  (no room, so not scheduled)

    * not counted (a break, a rehearsal, no start, no room): never in any figure.

    ratings: Opening 5,4  Workshop 3  Jam 4,3  Late talk 1  Quiet 5,5
             Break 1, Someday 1, Roomless 1 (not counted)
    tracks:  Main = Opening, Quiet, Someday;  Craft = Workshop;  Music = Jam, Late talk
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from planner.domain import analytics as an
from planner.domain.analytics import Attendance, Feedback
from planner.domain.model import (
    Event,
    Person,
    PersonRole,
    Room,
    Schedule,
    Session,
    SessionKind,
)
from planner.domain.timegrid import local_instant

DAY = date(2026, 3, 6)


def _t(event: Event, hhmm: str) -> datetime:
    """The instant of ``hhmm`` on the event day; hours below 12 are after midnight."""
    h, m = (int(x) for x in hhmm.split(":"))
    return local_instant(event, DAY, (h + (24 if h < 12 else 0)) * 60 + m)


class Night:
    """The night event of the module docstring, with its attendance and feedback."""

    def __init__(self) -> None:
        ev = Event(
            name="Night Fest",
            first_day=DAY,
            last_day=DAY,
            timezone="Europe/Vienna",
            day_start_minute=18 * 60,
            day_end_minute=26 * 60,
        )
        self.hall = Room(name="Hall", position=0, capacity=80)
        self.cellar = Room(name="Cellar", position=1, capacity=40)
        self.annex = Room(name="Annex", position=2, capacity=None)
        t = lambda hhmm: _t(ev, hhmm)  # noqa: E731

        self.opening = Session("Opening", room=self.hall.guid, start=t("18:00"), track="Main")
        self.opening.actual_start = t("18:00")
        self.workshop = Session(
            "Workshop",
            kind=SessionKind.WORKSHOP,
            room=self.hall.guid,
            start=t("19:00"),
            participant_limit=32,
            track="Craft",
        )
        self.workshop.actual_start = t("19:02")
        self.brk = Session(
            "Break", kind=SessionKind.BREAK, room=self.hall.guid, start=t("20:00"), track="Main"
        )
        self.brk.actual_start = t("20:30")
        self.quiet = Session("Quiet", room=self.hall.guid, start=t("21:00"), track="Main")
        self.mic = Session("Open mic", room=self.annex.guid, start=t("22:00"), track="Music")
        self.mic.actual_start = t("21:58")
        self.jam = Session(
            "Jam",
            room=self.cellar.guid,
            start=t("23:00"),
            participant_limit=60,
            track="Music",
        )
        self.jam.actual_start = t("23:05")
        self.late = Session("Late talk", room=self.cellar.guid, start=t("00:30"), track="Music")
        self.late.actual_start = t("00:45")
        self.soundcheck = Session(
            "Soundcheck",
            kind=SessionKind.REHEARSAL,
            room=self.cellar.guid,
            start=local_instant(ev, DAY, 17 * 60),
            track="Music",
        )
        self.soundcheck.actual_start = local_instant(ev, DAY, 17 * 60 + 40)
        self.someday = Session("Someday", track="Main")
        self.roomless = Session("Roomless", start=t("20:00"), track="Main")
        self.roomless.actual_start = t("20:50")
        people = [
            Person("Ana", organisation="Acme", timezone="America/New_York", role=PersonRole.SPEAKER),
            Person("Ben", organisation="Uni", timezone="Asia/Tokyo"),
            Person("Cy", organisation="Uni", timezone="Europe/Vienna"),
            Person("Dee"),
            Person("Eve", timezone="Europe/Berlin", role=PersonRole.CREW),
        ]
        self.schedule = Schedule(
            ev,
            [self.cellar, self.annex, self.hall],  # not in position order
            [
                self.late,
                self.someday,
                self.jam,
                self.roomless,
                self.opening,
                self.brk,
                self.quiet,
                self.soundcheck,
                self.mic,
                self.workshop,
            ],
            people,
        )
        self.schedule.validate()
        self.attendance = [
            Attendance(self.opening.guid, registered=70, attended=60, peak_viewers=55, avg_minutes=20.5),
            Attendance(self.workshop.guid, registered=40, attended=16, peak_viewers=16),
            Attendance(self.brk.guid, registered=100, attended=100, peak_viewers=90),
            Attendance(self.mic.guid, registered=5, attended=5),
            Attendance(self.jam.guid, registered=50, attended=30, peak_viewers=29),
            Attendance(self.late.guid, registered=8, attended=10, peak_viewers=7),
            Attendance(self.soundcheck.guid, registered=3, attended=3),
            Attendance(self.roomless.guid, registered=9, attended=9),
        ]
        rate = lambda s, *rs: [Feedback(s.guid, r) for r in rs]  # noqa: E731
        self.feedback = [
            *rate(self.opening, 5, 4),
            *rate(self.workshop, 3),
            *rate(self.jam, 4, 3),
            *rate(self.late, 1),
            *rate(self.quiet, 5, 5),
            *rate(self.brk, 1),
            *rate(self.someday, 1),
            *rate(self.roomless, 1),
            *rate(self.soundcheck, 1),
        ]


@pytest.fixture
def night() -> Night:
    return Night()


def test_counted_sessions_are_scheduled_talks_in_time_order(night: Night) -> None:
    # Not the break, the rehearsal, the unscheduled session nor the one without a room;
    # by start, the one after midnight last.
    assert [s.title for s in an.counted_sessions(night.schedule)] == [
        "Opening",
        "Workshop",
        "Quiet",
        "Open mic",
        "Jam",
        "Late talk",
    ]


def test_counted_sessions_with_the_same_start_go_by_title(night: Night) -> None:
    night.quiet.start = night.workshop.start
    night.quiet.title = "A quiet one"
    titles = [s.title for s in an.counted_sessions(night.schedule)]
    assert titles[1:3] == ["A quiet one", "Workshop"]


def test_session_numbers_by_hand(night: Night) -> None:
    rows = an.session_numbers(night.schedule, night.attendance, night.feedback)
    got = [
        (
            r.session.title,
            r.room_name,
            r.capacity,
            r.registered,
            r.attended,
            r.no_shows,
            r.fill_rate,
            r.rating,
            r.ratings,
            r.peak_viewers,
            r.avg_minutes,
        )
        for r in rows
    ]
    assert got == [
        # capacity: no limit, the room's 80; fill 60/80; no-shows 70-60; rating (5+4)/2
        ("Opening", "Hall", 80, 70, 60, 10, 0.75, 4.5, 2, 55, 20.5),
        # capacity min(limit 32, room 80) = 32; fill 16/32; no-shows 40-16
        ("Workshop", "Hall", 32, 40, 16, 24, 0.5, 3.0, 1, 16, None),
        # ratings only: no attendance numbers, so no fill rate; rating (5+5)/2
        ("Quiet", "Hall", 80, 0, 0, 0, None, 5.0, 2, None, None),
        # a room without capacity and no limit: no capacity, no fill rate
        ("Open mic", "Annex", None, 5, 5, 0, None, None, 0, None, None),
        # capacity min(limit 60, room 40) = 40; fill 30/40; no-shows 50-30; rating (4+3)/2
        ("Jam", "Cellar", 40, 50, 30, 20, 0.75, 3.5, 2, 29, None),
        # more came than registered: no-shows max(0, 8-10) = 0; fill 10/40
        ("Late talk", "Cellar", 40, 8, 10, 0, 0.25, 1.0, 1, 7, None),
    ]
    # 5 no-shows of 8 would be 0.625; of 40 registered 24 stayed away: 24/40 = 0.6
    assert [r.no_show_rate for r in rows] == [10 / 70, 0.6, None, 0.0, 0.4, 0.0]
    assert [r.has_attendance for r in rows] == [True, True, False, True, True, True]


def test_session_numbers_every_counted_session(night: Night) -> None:
    night.feedback = [f for f in night.feedback if f.session != night.quiet.guid]
    rows = an.session_numbers(night.schedule, night.attendance, night.feedback)
    assert "Quiet" not in [r.session.title for r in rows]  # no numbers at all
    every = an.session_numbers(night.schedule, night.attendance, night.feedback, every=True)
    quiet = next(r for r in every if r.session.title == "Quiet")
    assert (quiet.capacity, quiet.registered, quiet.fill_rate, quiet.rating, quiet.ratings) == (
        80,
        0,
        None,
        None,
        0,
    )
    assert not quiet.has_numbers and quiet.minutes_late is None
    assert len(every) == 6 and len(rows) == 5


def _capacity(room_capacity: int | None, limit: int | None) -> int | None:
    ev = Event(name="E", first_day=DAY, last_day=DAY)
    room = Room(name="R", capacity=room_capacity)
    s = Session("S", room=room.guid, start=local_instant(ev, DAY, 600), participant_limit=limit)
    rows = an.session_numbers(Schedule(ev, [room], [s]), [Attendance(s.guid, 10, 10)], [])
    return rows[0].capacity


def test_capacity_is_the_smaller_of_room_and_limit() -> None:
    assert _capacity(100, 30) == 30
    assert _capacity(100, 300) == 100
    assert _capacity(100, None) == 100
    assert _capacity(None, 30) == 30
    assert _capacity(0, 0) is None  # 0 is unknown, not full


def test_minutes_late(night: Night) -> None:
    rows = an.session_numbers(night.schedule, night.attendance, night.feedback, every=True)
    # actual - planned: 18:00-18:00, 19:02-19:00, none, 21:58-22:00, 23:05-23:00, 00:45-00:30
    assert [r.minutes_late for r in rows] == [0.0, 2.0, None, -2.0, 5.0, 15.0]


def test_room_numbers_by_hand(night: Night) -> None:
    rows = an.session_numbers(night.schedule, night.attendance, night.feedback, every=True)
    got = [
        (r.name, r.capacity, r.sessions, r.registered, r.attended, r.peak_viewers, r.fill_rate)
        for r in an.room_numbers(night.schedule, rows)
    ]
    assert got == [
        # Opening, Workshop, Quiet; 70+40 registered, 60+16 attended; peak max(55, 16);
        # fill mean(0.75, 0.5) = 0.625 (Quiet has none)
        ("Hall", 80, 3, 110, 76, 55, 0.625),
        # Jam, Late talk; 50+8, 30+10; max(29, 7); mean(0.75, 0.25) = 0.5
        ("Cellar", 40, 2, 58, 40, 29, 0.5),
        # Open mic: no capacity, so no fill rate; no peak counted: 0
        ("Annex", None, 1, 5, 5, 0, None),
    ]


def test_room_without_sessions(night: Night) -> None:
    night.schedule.rooms.append(Room(name="Attic", position=9, capacity=10))
    rows = an.session_numbers(night.schedule, night.attendance, night.feedback)
    attic = an.room_numbers(night.schedule, rows)[-1]
    assert (attic.name, attic.sessions, attic.attended, attic.peak_viewers, attic.fill_rate) == (
        "Attic",
        0,
        0,
        0,
        None,
    )


def test_ratings_by_track_best_first(night: Night) -> None:
    assert an.ratings_by_track(night.schedule, night.feedback) == [
        ("Main", 19 / 4, 4),  # Opening 5,4 and Quiet 5,5 (not Break, Someday, Roomless)
        ("Craft", 3.0, 1),  # Workshop 3
        ("Music", 8 / 3, 3),  # Jam 4,3 and Late talk 1 (not the Soundcheck)
    ]


def test_ratings_by_track_ties_by_name_and_no_track(night: Night) -> None:
    night.workshop.track = ""
    fb = [Feedback(night.workshop.guid, 4), Feedback(night.jam.guid, 4), Feedback(night.opening.guid, 4)]
    assert an.ratings_by_track(night.schedule, fb) == [
        ("(no track)", 4.0, 1),
        ("Main", 4.0, 1),
        ("Music", 4.0, 1),
    ]


def test_ratings_by_hour_in_the_order_of_the_event_day(night: Night) -> None:
    # The day starts at 18:00, so 00:00 (Late talk, after midnight) comes last.
    assert an.ratings_by_hour(night.schedule, night.feedback) == [
        ("18:00", 4.5, 2),  # Opening 5,4 (not the 17:00 Soundcheck)
        ("19:00", 3.0, 1),  # Workshop 3
        ("21:00", 5.0, 2),  # Quiet 5,5
        ("23:00", 3.5, 2),  # Jam 4,3
        ("00:00", 1.0, 1),  # Late talk 1
    ]


def test_ratings_by_hour_of_a_day_starting_before_midnight_hours(night: Night) -> None:
    # A day that starts at 00:00 orders by the clock; a day starting at 21:30 keeps
    # 21:00 first (the hour of its start) and 18:00 last.
    night.schedule.event.day_start_minute = 0
    night.schedule.event.day_end_minute = 24 * 60
    assert [h for h, _, _ in an.ratings_by_hour(night.schedule, night.feedback)] == [
        "00:00",
        "18:00",
        "19:00",
        "21:00",
        "23:00",
    ]
    night.schedule.event.day_start_minute = 21 * 60 + 30
    night.schedule.event.day_end_minute = 30 * 60
    assert [h for h, _, _ in an.ratings_by_hour(night.schedule, night.feedback)] == [
        "21:00",
        "23:00",
        "00:00",
        "18:00",
        "19:00",
    ]


def test_ratings_by_hour_before_the_day_start_come_last(night: Night) -> None:
    # A day from 19:00: the 18:00 session started before the day and is listed last.
    night.schedule.event.day_start_minute = 19 * 60
    assert [h for h, _, _ in an.ratings_by_hour(night.schedule, night.feedback)] == [
        "19:00",
        "21:00",
        "23:00",
        "00:00",
        "18:00",
    ]


def test_start_delays_of_counted_sessions(night: Night) -> None:
    got = [(d.session.title, d.room_name, d.minutes) for d in an.start_delays(night.schedule)]
    # Not the Break (+30), the Soundcheck (+40) nor Roomless (+50); Quiet never started.
    assert got == [
        ("Opening", "Hall", 0.0),
        ("Workshop", "Hall", 2.0),
        ("Open mic", "Annex", -2.0),
        ("Jam", "Cellar", 5.0),
        ("Late talk", "Cellar", 15.0),
    ]
    d = an.start_delays(night.schedule)[1]
    assert d.planned == night.workshop.start and d.actual == night.workshop.actual_start


def test_start_delays_same_start_by_room_name(night: Night) -> None:
    night.mic.start = night.jam.start
    night.mic.actual_start = night.jam.start
    night.jam.title = "Amazing jam"  # would sort first by title; the room decides
    got = [(d.room_name, d.session.title) for d in an.start_delays(night.schedule)]
    assert got[2:4] == [("Annex", "Open mic"), ("Cellar", "Amazing jam")]


def test_summary_by_hand(night: Night) -> None:
    rows = an.session_numbers(night.schedule, night.attendance, night.feedback)
    s = an.summary(night.schedule, rows, night.feedback)
    assert s == an.Summary(
        sessions_with_numbers=6,  # all six counted sessions have attendance or ratings
        registered=173,  # 70 + 40 + 5 + 50 + 8
        attended=121,  # 60 + 16 + 5 + 30 + 10
        no_shows=54,  # 10 + 24 + 0 + 20 + 0
        fill_rate=0.5625,  # mean(0.75, 0.5, 0.75, 0.25) = 2.25 / 4
        mean_rating=3.75,  # (5+4 + 3 + 4+3 + 1 + 5+5) / 8 = 30 / 8
        ratings=8,
        mean_start_delay=4.0,  # (0 + 2 - 2 + 5 + 15) / 5
        on_time_share=0.6,  # 0, 2 and -2 are within 2 minutes: 3 / 5
    )


def test_summary_without_numbers(night: Night) -> None:
    for session in night.schedule.sessions:
        session.actual_start = None
    assert an.summary(night.schedule, [], []) == an.Summary(0, 0, 0, 0, None, None, 0, None, None)


def test_summary_counts_only_rows_with_numbers(night: Night) -> None:
    rows = an.session_numbers(night.schedule, night.attendance, [], every=True)
    assert an.summary(night.schedule, rows, []).sessions_with_numbers == 5  # Quiet has none


def test_on_time_is_within_two_minutes(night: Night) -> None:
    assert an.ON_TIME_MINUTES == 2
    assert night.workshop.start is not None
    night.workshop.actual_start = night.workshop.start + timedelta(minutes=2, seconds=1)
    s = an.summary(night.schedule, [], [])
    assert s.on_time_share == 0.4  # 0 and -2 of five


def test_validation() -> None:
    from planner.domain.model import DomainError

    for bad, field in (
        (Attendance("g", registered=-1), "registered"),
        (Attendance("g", attended=-1), "attended"),
        (Attendance("g", peak_viewers=-1), "peak viewers"),
        (Attendance("g", avg_minutes=-0.5), "average minutes watched"),
    ):
        with pytest.raises(DomainError) as err:
            bad.validate()
        assert (err.value.field, str(err.value)) == (field, f"{field}: cannot be negative")
    Attendance("g", registered=0, attended=0, peak_viewers=0, avg_minutes=0).validate()
    for r in (1, 5):
        Feedback("g", r).validate()
    for r in (0, 6):
        with pytest.raises(DomainError) as err:
            Feedback("g", r).validate()
        assert (err.value.field, str(err.value)) == ("rating", f"rating: a rating is 1 to 5, not {r}")


def test_a_session_in_an_unknown_room(night: Night) -> None:
    """A schedule whose session names a room that is gone (not validated) still counts
    the session, without a room name, its capacity from its participant limit."""
    night.jam.room = "no-such-room"
    rows = {r.session.title: r for r in an.session_numbers(night.schedule, night.attendance, night.feedback)}
    assert (rows["Jam"].room_name, rows["Jam"].capacity, rows["Jam"].fill_rate) == ("", 60, 0.5)  # 30/60
    delays = {d.session.title: d.room_name for d in an.start_delays(night.schedule)}
    assert delays["Jam"] == ""
    rooms = an.room_numbers(night.schedule, list(rows.values()))
    assert [(r.name, r.sessions) for r in rooms] == [("Hall", 3), ("Cellar", 1), ("Annex", 1)]


def test_audience_by_hand(night: Night) -> None:
    aud = an.audience(night.schedule)
    assert aud.people == 5
    # Attendees only (Ben, Cy, Dee): Dee has no zone; ties by name, "(" first.
    assert aud.by_region == [("(unknown)", 1), ("Asia", 1), ("Europe", 1)]
    assert aud.by_country == [("(unknown)", 1), ("Austria", 1), ("Japan", 1)]
    assert aud.by_organisation == [("Uni", 2), ("(none)", 1)]
    # Roles of everyone.
    assert aud.by_role == [("attendee", 3), ("crew", 1), ("speaker", 1)]


def test_audience_without_attendees_is_everyone(night: Night) -> None:
    for p in night.schedule.people:
        if p.role == PersonRole.ATTENDEE:
            p.role = PersonRole.MODERATOR
    aud = an.audience(night.schedule)
    # Ana (New York), Eve (Berlin), Cy (Vienna), Ben (Tokyo), Dee (none)
    assert aud.by_region == [("Europe", 2), ("(unknown)", 1), ("America", 1), ("Asia", 1)]
    assert aud.by_role == [("moderator", 3), ("crew", 1), ("speaker", 1)]


def test_audience_top_groups_the_rest_as_others() -> None:
    ev = Event(name="E", first_day=DAY, last_day=DAY)
    people = [Person(f"P{i}", organisation=org) for i, org in enumerate("aaabbcdd")]
    sched = Schedule(ev, [], [], people)
    # a 3, b 2, d 2, c 1: with top 3 the last two places become "others" (2 + 1)
    assert an.audience(sched, top=3).by_organisation == [("a", 3), ("b", 2), ("others", 3)]
    assert an.audience(sched, top=4).by_organisation == [("a", 3), ("b", 2), ("d", 2), ("c", 1)]


def test_country_and_region(night: Night) -> None:
    p = Person("Zed", timezone="America/Argentina/Buenos_Aires")
    assert an.country_of(p) == "Argentina"
    assert an.region_of(p) == "America"
    assert an.region_of(Person("Zoe", timezone="Pacific/Port_Moresby")) == "Pacific"
    assert an.region_of(Person("Zia", timezone="America/El_Salvador")) == "America"
    assert an.country_of(Person("Q", timezone="Etc/UTC")) == "Etc"  # not in zone.tab
    assert an.country_of(Person("Q", timezone="Europe/Vienna", extra={"country": " Wales "})) == "Wales"
    assert an.country_of(Person("Q", extra={"country": ""})) == "(unknown)"
    assert an.zone_countries()["Europe/Vienna"] == "Austria"


def test_speakers_and_crew(night: Night) -> None:
    ana, _ben, cy, _dee, _eve = night.schedule.people
    night.opening.speakers = [ana.guid]
    night.late.moderators = [cy.guid]
    night.workshop.speakers = [cy.guid]  # 19:00, before Late talk though later by title
    night.soundcheck.speakers = [cy.guid]  # rehearsals are not thanked for
    night.someday.speakers = [ana.guid]
    got = [
        (p.name, [(s.title, role) for s, role in items]) for p, items in an.speakers_and_crew(night.schedule)
    ]
    # Ana speaks (and is a speaker), Cy moderates, Eve is crew without a session; Ben
    # and Dee are attendees without sessions. Sessions by start, unscheduled last.
    assert got == [
        ("Ana", [("Opening", "speaker"), ("Someday", "speaker")]),
        ("Cy", [("Workshop", "speaker"), ("Late talk", "moderator")]),
        ("Eve", []),
    ]


# ------------------------------------------------------------------ the JSON numbers
def test_numbers_json_by_hand(night: Night) -> None:
    got = an.numbers(night.schedule, night.attendance, night.feedback)
    assert list(got) == ["sessions", "rooms", "summary", "ratings_by_track", "ratings_by_hour", "audience"]
    quiet, late = got["sessions"][2], got["sessions"][5]
    assert quiet == {
        "guid": night.quiet.guid,
        "title": "Quiet",
        "room": "Hall",
        "capacity": 80,
        "registered": None,  # no attendance numbers: unknown, not 0
        "attended": None,
        "no_shows": None,
        "fill_rate": None,
        "rating": 5.0,
        "ratings": 2,
        "planned_start": "2026-03-06T21:00:00+01:00",
        "actual_start": None,
        "minutes_late": None,
    }
    assert late == {
        "guid": night.late.guid,
        "title": "Late talk",
        "room": "Cellar",
        "capacity": 40,
        "registered": 8,
        "attended": 10,
        "no_shows": 0,
        "fill_rate": 0.25,
        "rating": 1.0,
        "ratings": 1,
        "planned_start": "2026-03-07T00:30:00+01:00",
        "actual_start": "2026-03-07T00:45:00+01:00",
        "minutes_late": 15.0,
    }
    assert [s["title"] for s in got["sessions"]] == [
        "Opening",
        "Workshop",
        "Quiet",
        "Open mic",
        "Jam",
        "Late talk",
    ]
    assert [(s["no_shows"], s["fill_rate"]) for s in got["sessions"]] == [
        (10, 0.75),
        (24, 0.5),
        (None, None),
        (0, None),
        (20, 0.75),
        (0, 0.25),
    ]
    assert got["rooms"] == [
        {"name": "Hall", "capacity": 80, "sessions": 3, "attended": 76, "fill_rate": 0.625},
        {"name": "Cellar", "capacity": 40, "sessions": 2, "attended": 40, "fill_rate": 0.5},
        {"name": "Annex", "capacity": None, "sessions": 1, "attended": 5, "fill_rate": None},
    ]
    assert got["summary"] == {
        "registered": 173,
        "attended": 121,
        "no_shows": 54,
        "fill_rate": 0.5625,
        "mean_rating": 3.75,
        "ratings": 8,
        "mean_start_delay": 4.0,
        "on_time_share": 0.6,
    }
    assert got["ratings_by_track"] == [
        {"key": "Main", "mean": 4.75, "count": 4},
        {"key": "Craft", "mean": 3.0, "count": 1},
        {"key": "Music", "mean": 8 / 3, "count": 3},
    ]
    assert got["ratings_by_hour"] == [
        {"key": "18:00", "mean": 4.5, "count": 2},
        {"key": "19:00", "mean": 3.0, "count": 1},
        {"key": "21:00", "mean": 5.0, "count": 2},
        {"key": "23:00", "mean": 3.5, "count": 2},
        {"key": "00:00", "mean": 1.0, "count": 1},
    ]
    assert got["audience"] == {
        "people": 5,
        "by_region": [
            {"key": "(unknown)", "count": 1},
            {"key": "Asia", "count": 1},
            {"key": "Europe", "count": 1},
        ],
        "by_country": [
            {"key": "(unknown)", "count": 1},
            {"key": "Austria", "count": 1},
            {"key": "Japan", "count": 1},
        ],
        "by_organisation": [{"key": "Uni", "count": 2}, {"key": "(none)", "count": 1}],
        "by_role": [
            {"key": "attendee", "count": 3},
            {"key": "crew", "count": 1},
            {"key": "speaker", "count": 1},
        ],
    }


# ------------------------------------------------------------------ the demo event


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Schedule, list[Attendance], list[Feedback]]:
    """The demo event as ``planner demo`` adds it: the first half of its evening run and
    its bundled attendance and feedback (resources/demo)."""
    from planner.demo import add_demo
    from planner.store import Store
    from planner.store.day_record import load_attendance, load_feedback

    with Store.open(tmp_path_factory.mktemp("demo") / "demo.sqlite") as store:
        slug = add_demo(store)
        return store.load(slug), load_attendance(store, slug), load_feedback(store, slug)


def test_demo_summary(demo: tuple[Schedule, list[Attendance], list[Feedback]]) -> None:
    sched, att, fb = demo
    s = an.summary(sched, an.session_numbers(sched, att, fb), fb)
    assert s.sessions_with_numbers == 16  # the 16 rows of winter-gala-attendance.csv
    # registered: Main Stage 567+497+491+449+511, Studio A 52+86+81+41,
    # Studio B 81+171+63+88, Lounge 75+92+54 = 2515 + 260 + 403 + 221
    assert s.registered == 3399
    # attended: 441+358+420+335+429, 39+72+58+29, 66+121+52+63, 55+72+47 = 1983+198+302+174
    assert s.attended == 2657
    assert s.no_shows == 742  # nobody came beyond registration: 3399 - 2657
    # 202 ratings summing to 848 (winter-gala-feedback.csv), all of counted sessions
    assert (s.ratings, s.mean_rating) == (202, 848 / 202)
    # Started (winter-gala-run.csv), counted sessions only: Opening 18:04 (+4), Panel
    # 18:37 (+7), Lighting workshop 18:31 (+1), Lagos 18:33 (+3), Welcome drinks 18:00
    # (0); not the rehearsal (17:32 for 17:30) nor the two intermissions.
    assert s.mean_start_delay == 3.0  # 15 / 5
    assert s.on_time_share == 0.4  # +1 and 0: 2 / 5
    # Fill rates: Main Stage 1983/500 over five sessions = 3.966, Studio A 39/40 + 72/120
    # + 58/120 + 29/30 = 3.025, Studio B 302/120 = 2.51666..., Lounge 174/80 = 2.175;
    # (3.966 + 3.025 + 2.51666... + 2.175) / 16 = 11.68266... / 16
    assert s.fill_rate == pytest.approx(11.682666666666666 / 16, abs=1e-12)


def test_demo_rooms(demo: tuple[Schedule, list[Attendance], list[Feedback]]) -> None:
    sched, att, fb = demo
    rooms = an.room_numbers(sched, an.session_numbers(sched, att, fb, every=True))
    got = [(r.name, r.capacity, r.sessions, r.attended) for r in rooms]
    assert got == [
        ("Main Stage", 500, 5, 1983),
        ("Studio A", 120, 4, 198),
        ("Studio B", 120, 4, 302),
        ("Lounge", 80, 3, 174),
    ]
    fills = [r.fill_rate for r in rooms]
    # Main Stage 1983/2500; Studio A 3.025/4; Studio B 302/480; Lounge 174/240
    assert fills == pytest.approx([0.7932, 0.75625, 302 / 480, 0.725], abs=1e-12)


def test_demo_capacity_is_the_workshop_limit(demo: tuple[Schedule, list[Attendance], list[Feedback]]) -> None:
    sched, att, fb = demo
    rows = {r.session.title: r for r in an.session_numbers(sched, att, fb)}
    lighting = rows["Workshop: Lighting for the Webcam Stage"]
    assert (lighting.capacity, lighting.fill_rate, lighting.no_shows) == (40, 39 / 40, 13)  # limit 40 < 120
    mixing = rows["Workshop: Stream Mixing Basics"]
    assert (mixing.capacity, mixing.fill_rate, mixing.no_shows) == (30, 29 / 30, 12)


def test_demo_ratings(demo: tuple[Schedule, list[Attendance], list[Feedback]]) -> None:
    sched, _att, fb = demo
    # sums and counts per track from winter-gala-feedback.csv
    assert an.ratings_by_track(sched, fb) == [
        ("Performance", 343 / 77, 77),
        ("Keynotes", 300 / 72, 72),
        ("Community", 76 / 19, 19),
        ("Craft", 89 / 23, 23),
        ("Social", 40 / 11, 11),
    ]
    assert an.ratings_by_hour(sched, fb) == [
        ("18:00", 282 / 69, 69),
        ("19:00", 238 / 56, 56),
        ("20:00", 317 / 74, 74),
        ("21:00", 11 / 3, 3),
    ]


def test_demo_audience(demo: tuple[Schedule, list[Attendance], list[Feedback]]) -> None:
    aud = an.audience(demo[0])
    assert aud.people == 16 + 69  # the demo's people and its audience CSV
    assert aud.by_role == [("attendee", 71), ("speaker", 9), ("moderator", 3), ("crew", 2)]
    # attendees: 69 in winter-gala-audience.csv (17 in Vienna), 2 in winter-gala.json (one
    # in Vienna); the seven largest countries, then the 17 others
    assert aud.by_country == [
        ("Austria", 18),
        ("Germany", 10),
        ("Japan", 6),
        ("Brazil", 5),
        ("Britain (UK)", 5),
        ("France", 5),
        ("Korea (South)", 5),
        ("others", 17),
    ]
