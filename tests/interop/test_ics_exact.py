"""The iCalendar reader and writer on small hand-made calendars, asserted by value (issue
12, mutation testing: each test pins one behaviour a mutant of ics.py would change)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from planner.domain.model import Event, Person, Room, Schedule, Session
from planner.interop import InteropError, ics
from planner.interop.builder import derived_guid


def cal(*events: str, head: str = "X-WR-CALNAME:Camp\r\n", tail: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{head}{body}{tail}END:VCALENDAR\r\n".encode()


EV = "UID:a@x\r\nDTSTART;TZID=Europe/Berlin:20260723T100000\r\nDTEND;TZID=Europe/Berlin:20260723T113000\r\n"


def read(data: bytes, name: str = "feed.ics", tz: str | None = None) -> ics.ImportResult:
    return ics.read(Path(name), data, tz=tz)


def test_unfold_joins_folded_lines_inside_a_character_and_strips_the_bom() -> None:
    data = cal(EV + "LOCATION:R\r\n").replace(
        b"LOCATION", "SUMMARY:Gr\u00fc".encode() + b"\r\n \xc3\xbc\n\tx\r\nLOCATION"
    )
    result = read(b"\xef\xbb\xbf" + data)
    assert result.schedule.sessions[0].title == "Grüüx"
    assert "encoding" not in result.report.adjusted


def test_unfold_reads_other_bytes_as_cp1252_and_says_so() -> None:
    result = read(cal(EV + "LOCATION:R\r\n").replace(b"LOCATION", b"SUMMARY:caf\xe9 \x80\r\nLOCATION"))
    assert result.schedule.sessions[0].title == "café €"
    assert result.report.adjusted["encoding"] == ["not UTF-8: read as Windows-1252"]


def test_times_take_their_tzid_else_the_zone_of_the_event() -> None:
    events = [
        "UID:a@x\r\nDTSTART;TZID=America/New_York:20260723T100000\r\nSUMMARY:NY\r\nLOCATION:R\r\n",
        "UID:b@x\r\nDTSTART;TZID=Nowhere/Atlantis:20260723T100000\r\nSUMMARY:Atlantis\r\nLOCATION:R\r\n",
        "UID:c@x\r\nDTSTART:20260723T100000\r\nSUMMARY:Floating\r\nLOCATION:R\r\n",
        "UID:d@x\r\nDTSTART:20260723T100000Z\r\nSUMMARY:Zulu\r\nLOCATION:R\r\n",
    ]
    result = read(cal(*events), tz="Europe/Berlin")
    starts = {s.title: s.start for s in result.schedule.sessions}
    assert starts == {
        "NY": datetime(2026, 7, 23, 14, 0, tzinfo=UTC),
        "Atlantis": datetime(2026, 7, 23, 8, 0, tzinfo=UTC),
        "Floating": datetime(2026, 7, 23, 8, 0, tzinfo=UTC),
        "Zulu": datetime(2026, 7, 23, 10, 0, tzinfo=UTC),
    }


def test_calname_given_twice_the_first_counts() -> None:
    data = cal(EV + "SUMMARY:T\r\nLOCATION:R\r\n", head="X-WR-CALNAME:One\r\nX-WR-CALNAME:Two\r\n")
    assert read(data).schedule.event.name == "One"


def test_a_comma_in_a_location_is_one_room_unless_both_parts_are_rooms() -> None:
    result = read(
        cal(
            EV + "SUMMARY:A\r\nLOCATION:Zelt\r\n",
            EV.replace("a@x", "c@x") + "SUMMARY:C\r\nLOCATION:Zelt\\, Werkstatt\r\n",
        )
    )
    assert sorted(r.name for r in result.schedule.rooms) == ["Zelt", "Zelt, Werkstatt"]
    assert "several rooms in one LOCATION (the first used)" not in result.report.adjusted


def test_a_file_that_is_not_a_calendar_is_refused_on_line_1() -> None:
    with pytest.raises(InteropError) as err:
        read(b"BEGIN:VEVENT\r\nEND:VEVENT\r\n")
    assert err.value.message == "the file does not start with BEGIN:VCALENDAR"
    assert err.value.where == "feed.ics:1"
    # leading blank lines and lower case are fine
    assert len(read(b"\r\n  " + cal(EV + "SUMMARY:T\r\nLOCATION:R\r\n").lower()).schedule.sessions) == 1


def test_a_calendar_without_events_is_refused() -> None:
    with pytest.raises(InteropError) as err:
        read(cal())
    assert err.value.message == "the calendar holds no VEVENT"
    assert err.value.where == "feed.ics"


def test_an_unreadable_date_is_kept_unscheduled() -> None:
    result = read(cal("UID:a@x\r\nDTSTART:xyz\r\nSUMMARY:T\r\nLOCATION:R\r\n"))
    assert result.schedule.sessions[0].start is None
    assert result.report.refused == ["feed.ics:4: VEVENT/DTSTART: missing or unreadable; kept unscheduled"]


def test_a_tzid_naming_a_folder_of_the_tz_database_is_refused() -> None:
    with pytest.raises(InteropError) as err:
        read(cal("UID:a@x\r\nDTSTART;TZID=Europe:20260723T100000\r\nSUMMARY:T\r\n"))
    assert (err.value.message, err.value.where) == (
        "a TZID names no time zone ('Europe' is none)",
        "feed.ics",
    )


def test_the_guid_of_a_foreign_uid_is_derived_from_the_format_and_the_uid() -> None:
    s = read(cal(EV + "SUMMARY:T\r\nLOCATION:R\r\n")).schedule
    assert s.sessions[0].guid == derived_guid("ics", "a@x")


def test_one_event_read_by_value() -> None:
    result = read(
        cal(
            EV + "SUMMARY:Lockpicking\r\nLOCATION:Zelt\r\nDESCRIPTION:Open a lock.\r\n"
            "CATEGORIES:Workshops,Kids\r\nURL:https://camp.example.org/lock\r\n"
            "ATTENDEE;CN=Pia Sommer:mailto:pia@example.org\r\nATTENDEE;CN= :mailto:x@example.org\r\n"
            "ATTENDEE;CN=Jo:mailto:jo@example.org\r\n",
            head="X-WR-CALNAME:Sommercamp\r\nX-WR-TIMEZONE:Europe/Berlin\r\n",
        )
    )
    s = result.schedule
    assert s.event.name == "Sommercamp"
    assert s.event.timezone == "Europe/Berlin"
    assert result.report.timezone_used == "Europe/Berlin (declared in the file)"
    (session,) = s.sessions
    assert session.title == "Lockpicking"
    assert session.start == datetime(2026, 7, 23, 8, 0, tzinfo=UTC)
    assert session.duration_minutes == 90
    assert [r.name for r in s.rooms] == ["Zelt"]
    assert session.room == s.rooms[0].guid
    assert session.description == "Open a lock."
    assert session.track == "Workshops"
    assert session.extra["url"] == "https://camp.example.org/lock"
    assert session.extra["uid"] == "a@x"
    assert session.stream_url == ""
    people = s.person_by_guid()
    assert [people[g].name for g in session.speakers] == ["Pia Sommer", "Jo"]
    assert list(result.report.adjusted) == ["TZID without VTIMEZONE"]
    assert result.report.refused == []


def test_a_single_attendee_and_a_single_category() -> None:
    s = read(
        cal(EV + "SUMMARY:T\r\nLOCATION:R\r\nATTENDEE;CN=Pia:mailto:p@x\r\nCATEGORIES:Talks\r\n")
    ).schedule
    assert [p.name for p in s.people] == ["Pia"]
    assert s.sessions[0].track == "Talks"


def test_name_from_the_file_name_without_calname() -> None:
    s = read(cal(EV + "SUMMARY:T\r\nLOCATION:R\r\n", head=""), name="summer-camp_2026.ics").schedule
    assert s.event.name == "summer camp 2026"


def test_our_own_uid_gives_back_the_guid() -> None:
    guid = "4a1f3a0e-1c2b-4d5e-8f90-0a1b2c3d4e5f"
    s = read(cal(EV.replace("UID:a@x", f"UID:{guid}@planner") + "SUMMARY:T\r\nLOCATION:R\r\n")).schedule
    assert s.sessions[0].guid == guid
    assert s.sessions[0].extra["uid"] == f"{guid}@planner"


def test_a_foreign_uid_gives_a_stable_guid_and_no_uid_none() -> None:
    one = read(cal(EV + "SUMMARY:T\r\nLOCATION:R\r\n")).schedule.sessions[0]
    two = read(cal(EV + "SUMMARY:Other\r\nLOCATION:Q\r\n")).schedule.sessions[0]
    assert one.guid == two.guid  # the same UID, another file
    no_uid = read(cal(EV.replace("UID:a@x\r\n", "") + "SUMMARY:T\r\nLOCATION:R\r\n")).schedule.sessions[0]
    assert "uid" not in no_uid.extra
    assert no_uid.guid != one.guid


def test_duplicate_properties_first_one_counts() -> None:
    result = read(cal(EV + "SUMMARY:First\r\nSUMMARY:Second\r\nLOCATION:R\r\n"))
    assert result.schedule.sessions[0].title == "First"
    assert result.report.adjusted["property given more than once in a VEVENT (the first used)"] == ["SUMMARY"]


def test_dtend_before_dtstart_gives_zero_and_a_line() -> None:
    ev = EV.replace("T113000", "T090000")
    result = read(cal(ev + "SUMMARY:Backwards\r\nLOCATION:R\r\n"))
    assert result.schedule.sessions[0].duration_minutes == 0
    assert result.report.adjusted["DTEND before DTSTART: duration set to 0"] == ["feed.ics:4: 'Backwards'"]


def test_a_session_across_the_change_to_summer_time_lasts_the_time_that_passes() -> None:
    ev = (
        "UID:a@x\r\nDTSTART;TZID=Europe/Berlin:20260329T013000\r\n"
        "DTEND;TZID=Europe/Berlin:20260329T033000\r\nSUMMARY:T\r\nLOCATION:R\r\n"
    )
    assert read(cal(ev)).schedule.sessions[0].duration_minutes == 60


def test_duration_instead_of_dtend() -> None:
    ev = "UID:a@x\r\nDTSTART;TZID=Europe/Berlin:20260723T100000\r\nDURATION:PT45M\r\n"
    assert read(cal(ev + "SUMMARY:T\r\nLOCATION:R\r\n")).schedule.sessions[0].duration_minutes == 45
    ev = "UID:a@x\r\nDTSTART;TZID=Europe/Berlin:20260723T100000\r\n"
    assert read(cal(ev + "SUMMARY:T\r\nLOCATION:R\r\n")).schedule.sessions[0].duration_minutes == 0


def test_an_all_day_event_starts_at_midnight_of_the_zone() -> None:
    ev = "UID:a@x\r\nDTSTART;VALUE=DATE:20260723\r\nDTEND;VALUE=DATE:20260724\r\n"
    s = read(cal(ev + "SUMMARY:Day\r\nLOCATION:R\r\n"), tz="Europe/Berlin").schedule
    assert s.sessions[0].start == datetime(2026, 7, 22, 22, 0, tzinfo=UTC)
    assert s.sessions[0].duration_minutes == 24 * 60


def test_no_dtstart_is_kept_unscheduled_with_a_refusal() -> None:
    result = read(cal(EV + "SUMMARY:T\r\nLOCATION:R\r\n", "UID:b@x\r\nSUMMARY:Later\r\nLOCATION:R\r\n"))
    later = next(s for s in result.schedule.sessions if s.title == "Later")
    assert later.start is None
    assert result.report.refused == ["feed.ics:11: VEVENT/DTSTART: missing or unreadable; kept unscheduled"]


def test_no_location_is_kept_without_a_room() -> None:
    result = read(cal(EV + "SUMMARY:Campfire\r\n"))
    assert result.schedule.sessions[0].room is None
    assert result.schedule.rooms == []
    assert result.report.adjusted["no LOCATION (kept without a room)"] == ["feed.ics:4: 'Campfire'"]


def test_several_rooms_in_one_location_first_used_others_kept() -> None:
    result = read(
        cal(
            EV + "SUMMARY:A\r\nLOCATION:Zelt\r\n",
            EV.replace("a@x", "b@x") + "SUMMARY:B\r\nLOCATION:Werkstatt\r\n",
            EV.replace("a@x", "c@x") + "SUMMARY:C\r\nLOCATION:Werkstatt\\, Zelt\r\n",
            EV.replace("a@x", "d@x") + "SUMMARY:D\r\nLOCATION:Hall A\\, East\r\n",
        )
    )
    by_title = {s.title: s for s in result.schedule.sessions}
    rooms = result.schedule.room_by_guid()
    assert rooms[by_title["C"].room].name == "Werkstatt"  # type: ignore[index]
    assert by_title["C"].extra["rooms"] == ["Werkstatt", "Zelt"]
    assert rooms[by_title["D"].room].name == "Hall A, East"  # type: ignore[index]
    assert "rooms" not in by_title["D"].extra
    assert result.report.adjusted["several rooms in one LOCATION (the first used)"] == [
        "feed.ics:18: 'Werkstatt, Zelt'"
    ]


def test_conference_is_the_stream_and_url_is_kept_apart() -> None:
    result = read(
        cal(
            EV + "SUMMARY:T\r\nLOCATION:R\r\nURL:https://camp.example.org/t\r\n"
            "CONFERENCE;VALUE=URI:https://stream.example.org/r\r\n"
        )
    )
    session = result.schedule.sessions[0]
    assert session.stream_url == "https://stream.example.org/r"
    assert session.extra["url"] == "https://camp.example.org/t"
    assert "links" not in session.extra
    same = read(
        cal(
            EV + "SUMMARY:T\r\nLOCATION:R\r\nURL:https://stream.example.org/r\r\n"
            "CONFERENCE;VALUE=URI:https://stream.example.org/r\r\n"
        )
    ).schedule.sessions[0]
    assert same.stream_url == "https://stream.example.org/r"
    assert "url" not in same.extra
    bad = read(cal(EV + "SUMMARY:T\r\nLOCATION:R\r\nCONFERENCE;VALUE=URI:javascript:alert(1)\r\n"))
    assert bad.schedule.sessions[0].stream_url == ""


def test_tzid_without_vtimezone_is_reported() -> None:
    result = read(cal(EV + "SUMMARY:T\r\nLOCATION:R\r\n"))
    assert result.report.adjusted == {
        "TZID without VTIMEZONE": ["Europe/Berlin (read as the IANA zone of that name)"]
    }
    assert result.schedule.event.timezone == "Europe/Berlin"


def test_progress_is_called_and_can_cancel() -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    data = cal(EV + "SUMMARY:T\r\nLOCATION:R\r\n", EV.replace("a@x", "b@x") + "SUMMARY:U\r\nLOCATION:R\r\n")
    ics.read(Path("feed.ics"), data, progress=progress)
    assert calls == [(0, 2), (2, 2)]
    with pytest.raises(InteropError) as err:
        ics.read(Path("feed.ics"), data, progress=lambda done, total: False)
    assert err.value.message == "the import was cancelled"


def small_schedule() -> Schedule:
    start = datetime(2026, 7, 23, 8, 0, tzinfo=UTC)
    hall, tent = Room(name="Hall", position=0), Room(name="Tent", position=1)
    pia, jo = Person(name="Pia"), Person(name="Jo")
    sessions = [
        Session(
            title="Late",
            start=start + timedelta(hours=2),
            duration_minutes=30,
            room=tent.guid,
            speakers=[jo.guid],
            extra={"url": "https://camp.example.org/late"},
        ),
        Session(
            title="Early",
            start=start,
            duration_minutes=60,
            room=hall.guid,
            description="About it",
            track="Talks",
            speakers=[pia.guid],
            moderators=[jo.guid],
            stream_url="https://stream.example.org/hall",
        ),
        Session(title="Unplaced", start=None, duration_minutes=30),
    ]
    event = Event(
        name="Camp", first_day=date(2026, 7, 23), last_day=date(2026, 7, 23), timezone="Europe/Berlin"
    )
    return Schedule(event=event, rooms=[hall, tent], sessions=sessions, people=[pia, jo])


def lines(path: Path) -> list[str]:
    return path.read_bytes().replace(b"\r\n ", b"").decode().split("\r\n")


def test_write_by_value(tmp_path: Path) -> None:
    schedule = small_schedule()
    out = tmp_path / "camp.ics"
    ics.write(schedule, out)
    text = lines(out)
    assert text[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//planner//schedule export//EN",
        "X-WR-CALNAME:Camp",
        "X-WR-TIMEZONE:Europe/Berlin",
    ]
    assert [line for line in text if line.startswith("SUMMARY")] == ["SUMMARY:Early", "SUMMARY:Late"]
    early, late = schedule.sessions[1], schedule.sessions[0]
    pia, jo = schedule.people
    assert f"UID:{early.guid}@planner" in text
    assert "DTSTART;TZID=Europe/Berlin:20260723T100000" in text
    assert "DTEND;TZID=Europe/Berlin:20260723T110000" in text
    assert "DTSTART;TZID=Europe/Berlin:20260723T120000" in text
    assert "DTEND;TZID=Europe/Berlin:20260723T123000" in text
    assert "LOCATION:Hall" in text and "LOCATION:Tent" in text
    assert "DESCRIPTION:About it" in text
    assert "CATEGORIES:Talks" in text
    assert sum(line.startswith("DESCRIPTION") for line in text) == 1
    assert sum(line.startswith("CATEGORIES") for line in text) == 1
    assert "URL:https://stream.example.org/hall" in text
    assert "CONFERENCE;FEATURE=VIDEO;LABEL=Stream;VALUE=URI:https://stream.example.org/hall" in text
    assert "URL:https://camp.example.org/late" in text
    assert f"ATTENDEE;CN=Pia;ROLE=REQ-PARTICIPANT:urn:uuid:{pia.guid}" in text
    assert f"ATTENDEE;CN=Jo;ROLE=CHAIR:urn:uuid:{jo.guid}" in text
    assert f"ATTENDEE;CN=Jo;ROLE=REQ-PARTICIPANT:urn:uuid:{jo.guid}" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Berlin" in text
    assert "Unplaced" not in out.read_text()
    assert late.guid in out.read_text()
    # and it reads back
    back = ics.read(out, out.read_bytes()).schedule
    assert sorted(s.title for s in back.sessions) == ["Early", "Late"]
    assert {s.guid for s in back.sessions} == {early.guid, late.guid}


def test_write_one_room_or_one_person(tmp_path: Path) -> None:
    schedule = small_schedule()
    hall = schedule.rooms[0]
    pia, jo = schedule.people
    out = tmp_path / "x.ics"
    ics.write(schedule, out, room=hall.guid)
    text = lines(out)
    assert "X-WR-CALNAME:Camp – Hall" in text
    assert [line for line in text if line.startswith("SUMMARY")] == ["SUMMARY:Early"]
    ics.write(schedule, out, person=pia.guid)
    text = lines(out)
    assert "X-WR-CALNAME:Camp – Pia" in text
    assert [line for line in text if line.startswith("SUMMARY")] == ["SUMMARY:Early"]
    ics.write(schedule, out, person=jo.guid)
    assert [line for line in lines(out) if line.startswith("SUMMARY")] == ["SUMMARY:Early", "SUMMARY:Late"]
    with pytest.raises(InteropError) as err:
        ics.write(schedule, out, room="nope")
    assert (err.value.message, err.value.where) == ("that room is not in the event", "--room")
    with pytest.raises(InteropError) as err:
        ics.write(schedule, out, person="nope")
    assert (err.value.message, err.value.where) == ("that person is not in the event", "--person")


def test_write_in_utc_has_no_vtimezone(tmp_path: Path) -> None:
    schedule = small_schedule()
    schedule.event.timezone = "UTC"
    out = tmp_path / "utc.ics"
    ics.write(schedule, out)
    text = lines(out)
    assert "BEGIN:VTIMEZONE" not in text
    assert "DTSTART:20260723T080000Z" in text


def written(tmp_path: Path, description: str) -> bytes:
    schedule = small_schedule()
    schedule.sessions[1].description = description
    out = tmp_path / "fold.ics"
    ics.write(schedule, out)
    raw = out.read_bytes()
    return raw[raw.index(b"DESCRIPTION:") : raw.index(b"\r\nLOCATION:Hall")]


def test_lines_are_folded_at_75_bytes_never_inside_a_character(tmp_path: Path) -> None:
    head = len(b"DESCRIPTION:")
    assert written(tmp_path, "a" * (75 - head)) == b"DESCRIPTION:" + b"a" * (75 - head)
    assert written(tmp_path, "a" * (76 - head)) == b"DESCRIPTION:" + b"a" * (75 - head) + b"\r\n a"
    long = written(tmp_path, "a" * (150 - head))
    assert long == b"DESCRIPTION:" + b"a" * (75 - head) + b"\r\n " + b"a" * 74 + b"\r\n a"
    umlaut = written(tmp_path, "a" * (74 - head) + "üb")
    assert umlaut == b"DESCRIPTION:" + b"a" * (74 - head) + b"\r\n " + "üb".encode()
