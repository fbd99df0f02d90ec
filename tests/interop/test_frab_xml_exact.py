"""The frab XML reader and writer on small hand-made documents, asserted by value (issue
12, mutation testing: each test pins one behaviour a mutant of frab_xml.py would change)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from planner.domain.model import Event, Person, Room, Schedule, Session
from planner.interop import ImportResult, InteropError, frab_xml

GUID = "4a1f3a0e-1c2b-4d5e-8f90-0a1b2c3d4e5f"
CONF = "<conference><title>Camp</title><time_zone_name>Europe/Berlin</time_zone_name></conference>"


def xml(days: str, conf: str = CONF, head: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> bytes:
    return f"{head}<schedule>\n{conf}\n{days}\n</schedule>\n".encode()


def day(rooms: str, date_: str = "2026-07-23", start: str = "") -> str:
    start_attr = f' start="{start}"' if start else ""
    return f'<day index="1" date="{date_}"{start_attr}>\n{rooms}\n</day>'


def room(events: str, name: str = "Hall", guid: str = "") -> str:
    guid_attr = f' guid="{guid}"' if guid else ""
    return f'<room name="{name}"{guid_attr}>\n{events}\n</room>'


def ev(
    inner: str = "", start: str = "10:00", duration: str = "00:30", title: str = "Talk", attrs: str = ""
) -> str:
    return (
        f"<event{attrs}><title>{title}</title><start>{start}</start>"
        f"<duration>{duration}</duration>{inner}</event>"
    )


def read(data: bytes, name: str = "camp.xml", tz: str | None = None) -> ImportResult:
    return frab_xml.read(Path(name), data, tz=tz)


def refused(data: bytes) -> InteropError:
    with pytest.raises(InteropError) as err:
        read(data)
    return err.value


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 7, d, h, m, tzinfo=UTC) - timedelta(hours=2)


def test_one_event_by_value() -> None:
    inner = (
        "<room>Hall</room><type>workshop</type><language>de</language><track>Security</track>"
        "<description>About locks</description><slug>camp-1</slug><url>https://camp.example.org/1</url>"
        "<subtitle> </subtitle><abstract>Abs</abstract>"
        '<persons><person id="5" guid="' + GUID.replace("4a", "5b") + '">Pia</person>'
        '<person name="Jo"/><person> </person></persons>'
        '<links><link href="https://x.example/s">Slides</link><link href="https://x.example/t"><title>T</title></link>'
        '<link href="https://x.example/n"/><link href=" ">no</link></links>'
        '<attachments><attachment href="https://x.example/a.pdf" type="slides">A</attachment>'
        '<attachment href="https://x.example/b.pdf"/><attachment>none</attachment></attachments>'
        "<recording><license>CC-BY</license><optout>TRUE</optout></recording>"
    )
    conf = (
        "<conference><title>Camp</title><acronym> camp26 </acronym><base_url>https://camp.example.org</base_url>"
        "<time_zone_name>Europe/Berlin</time_zone_name><timeslot_duration>00:10</timeslot_duration>"
        '<track name="Security" color="#f00"/><track color="#0f0">Food</track>'
        '<track name="Grey"/></conference>'
        '<tracks><track name="Extra" color="#00f"/></tracks>'
    )
    result = read(
        xml(
            day(room(ev(inner, attrs=f' guid="{GUID}" id="17" code="ABC"'), guid=GUID.replace("4a", "6c"))),
            conf,
        )
    )
    s = result.schedule
    assert s.event.name == "Camp"
    assert s.event.timezone == "Europe/Berlin"
    assert s.event.slot_minutes == 10
    assert s.event.first_day == date(2026, 7, 23)
    assert s.event.extra == {
        "acronym": "camp26",
        "url": "https://camp.example.org",
        "track_colours": {"Security": "#f00", "Food": "#0f0", "Extra": "#00f"},
    }
    (r,) = s.rooms
    assert (r.name, r.guid) == ("Hall", GUID.replace("4a", "6c"))
    (x,) = s.sessions
    assert (x.title, x.start, x.duration_minutes, x.room, x.guid) == ("Talk", at(10), 30, r.guid, GUID)
    assert (x.kind.value, x.language, x.track, x.description) == ("workshop", "de", "Security", "About locks")
    assert x.extra == {
        "id": "17",
        "type": "workshop",
        "slug": "camp-1",
        "url": "https://camp.example.org/1",
        "abstract": "Abs",
        "code": "ABC",
        "links": [
            {"url": "https://x.example/s", "title": "Slides"},
            {"url": "https://x.example/t", "title": "T"},
            {"url": "https://x.example/n", "title": "https://x.example/n"},
        ],
        "attachments": [
            {"url": "https://x.example/a.pdf", "title": "A", "type": "slides"},
            {"url": "https://x.example/b.pdf", "title": "https://x.example/b.pdf", "type": ""},
        ],
        "recording": {"license": "CC-BY", "optout": True},
    }
    people = s.person_by_guid()
    assert [people[g].name for g in x.speakers] == ["Pia", "Jo"]
    pia = people[x.speakers[0]]
    assert (pia.guid, pia.extra) == (GUID.replace("4a", "5b"), {"id": "5"})
    assert result.report.adjusted == {}
    assert result.report.refused == []


def test_code_as_an_element_track_as_attribute_and_no_persons() -> None:
    x = read(xml(day(room(ev('<code> C1 </code><track slug="sec"/><recording/>'))))).schedule.sessions[0]
    assert x.extra["code"] == "C1"
    assert x.extra["recording"] == {"license": "", "optout": False}
    assert x.track == "sec"
    assert x.speakers == []
    y = read(xml(day(room(ev('<track name="Named"/>'))))).schedule.sessions[0]
    assert y.track == "Named"


def test_a_date_wins_over_start_and_a_naive_date_is_in_the_zone() -> None:
    s = read(
        xml(
            day(
                room(
                    ev("<date>2026-07-23T12:00:00+02:00</date>", start="10:00", title="Dated")
                    + ev("<date>2026-07-23T13:00:00</date>", title="Naive")
                    + ev("<date>2026-07-23T11:00:00Z</date>", title="Zulu")
                )
            )
        )
    ).schedule
    assert {x.title: x.start for x in s.sessions} == {"Dated": at(12), "Naive": at(13), "Zulu": at(13)}


def test_start_before_the_day_change_is_the_next_day() -> None:
    conf = CONF.replace("</conference>", "<day_change>04:00</day_change></conference>")
    result = read(xml(day(room(ev(start="03:30", title="Night") + ev(start="04:00", title="Morning"))), conf))
    got = {x.title: x.start for x in result.schedule.sessions}
    assert got == {"Night": at(3, 30, d=24), "Morning": at(4)}
    assert result.report.adjusted["day past midnight"] == ["camp.xml:6: 'Night'"]


def test_a_date_on_the_next_day_is_past_midnight() -> None:
    result = read(xml(day(room(ev("<date>2026-07-24T01:00:00+02:00</date>", title="Late")))))
    assert result.report.adjusted["day past midnight"] == ["camp.xml:6: 'Late'"]
    same = read(xml(day(room(ev("<date>2026-07-23T23:00:00+02:00</date>", title="Late")))))
    assert "day past midnight" not in same.report.adjusted


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ("9:05", at(9, 5)),
        (" 23:59 ", at(23, 59)),
        ("10:00:30", at(10)),
        ("24:00", None),
        ("10:60", None),
        ("x", None),
    ],
)
def test_start_clock_times(clock: str, expected: datetime | None) -> None:
    assert read(xml(day(room(ev(start=clock))))).schedule.sessions[0].start == expected


def test_no_usable_start_is_kept_unscheduled() -> None:
    result = read(xml(day(room(ev(start="soon")))))
    assert result.schedule.sessions[0].start is None
    assert result.report.refused == [
        "camp.xml:6: event/start: no usable <date> or day date plus <start> ('soon'); kept unscheduled"
    ]


def test_a_bad_duration_is_zero_and_refused() -> None:
    result = read(xml(day(room(ev(duration="long") + ev(duration="1:02:03", title="Long")))))
    assert [x.duration_minutes for x in result.schedule.sessions] == [0, 62]
    assert result.report.refused == [
        "camp.xml:6: event/duration: 'long' is not a duration (set to 0; the session is kept)"
    ]


def test_day_dates() -> None:
    # DebConf: the UTC date of a day that starts late in the evening before
    result = read(xml(day(room(ev()), date_="2026-07-22", start="2026-07-22T20:00:00Z")))
    assert result.schedule.sessions[0].start == at(10)
    assert result.report.adjusted["day date differs from the day's start (start used)"] == [
        "camp.xml:4: date=2026-07-22 start=2026-07-22T20:00:00Z"
    ]
    early = read(xml(day(room(ev()), date_="2026-07-23", start="2026-07-23T15:59:00Z")))
    assert early.schedule.sessions[0].start == at(10)
    assert early.report.adjusted == {}
    evening = read(xml(day(room(ev()), date_="2026-07-23", start="2026-07-23T16:00:00Z")))
    assert evening.schedule.sessions[0].start == at(10, d=24)
    naive = read(xml(day(room(ev()), date_="2026-07-23", start="2026-07-22T20:00:00")))
    assert naive.schedule.sessions[0].start == at(10)
    bad = read(xml(day(room(ev()), date_="someday")))
    assert bad.schedule.sessions[0].start is None
    assert bad.report.refused[0] == "camp.xml:4: day/date: 'someday' is not a date"
    only_start = read(xml(day(room(ev()), date_="", start="2026-07-23T08:00:00+02:00")))
    assert only_start.schedule.sessions[0].start == at(10)


def test_days_outside_the_calendar_are_refused() -> None:
    err = refused(xml(day(room(ev()), date_="0001-01-01")))
    assert err.where == "camp.xml:4"
    assert err.message.startswith("day/@date: ")
    err = refused(xml(day(room(ev()), start="0001-01-01T10:00:00")))
    assert err.message.startswith("day/@start: ")
    err = refused(xml(day(room(ev("<date>0001-01-01T10:00:00</date>")))))
    assert (err.where, err.message.split(":")[0]) == ("camp.xml:6", "event/date")


def test_rooms_inner_names_empty_rooms_and_no_room() -> None:
    result = read(
        xml(
            day(
                room(ev("<room>Tent</room>", title="A") + ev("<room>Tent</room>", title="B"), name="Hall")
                + room("", name="Empty", guid=GUID)
                + room("", name=" ")
                + room(ev(title="C"), name="Side")
            )
            + day(room(ev(title="D"), name="Side") + room(ev("<room>Side</room>", title="E"), name="Mixed"))
        )
    )
    s = result.schedule
    assert [r.name for r in s.rooms] == ["Empty", "Side", "Tent"]
    assert s.rooms[0].guid == GUID
    rooms = s.room_by_guid()
    assert {x.title: rooms[x.room].name for x in s.sessions if x.room} == {
        "A": "Tent",
        "B": "Tent",
        "C": "Side",
        "D": "Side",
        "E": "Side",
    }
    assert result.report.adjusted["empty room"] == ["camp.xml:7: 'Empty' (kept)"]
    assert result.report.adjusted["room named differently inside an event than around it"] == [
        "camp.xml:6: <room name='Hall'> holds <room>Tent</room> (kept 'Tent')",
        "camp.xml:18: <room name='Mixed'> holds <room>Side</room> (kept 'Side')",
    ]


def test_old_pentabarf_events_directly_under_day() -> None:
    result = read(xml(day(ev("<room>Hall</room>", title="A") + ev(title="Nowhere"))))
    s = result.schedule
    assert [r.name for r in s.rooms] == ["Hall"]
    assert [x.room is None for x in s.sessions] == [False, True]
    assert result.report.adjusted[
        "events directly under <day> (old pentabarf), rooms taken from each event"
    ] == ["camp.xml: 2 events"]
    assert result.report.adjusted["event without a room (kept, in no room)"] == ["camp.xml:5: 'Nowhere'"]


def test_documents_that_are_not_a_schedule() -> None:
    err = refused(b'<?xml version="1.0"?>\n\n<other/>')
    assert (err.message, err.where) == (
        "the root element is <other>, not <schedule>: this is not a frab schedule.xml",
        "camp.xml:3",
    )
    err = refused(xml("<version>1</version><day/>"))
    assert err.message == (
        "the <schedule> holds no frab or pentabarf events (no <day> with <room>/<event> or "
        "<event> inside; found <conference>, <day>, <version> under <schedule>)"
    )
    assert err.where == "camp.xml:2"
    err = refused(b"<schedule></schedule>")
    assert err.message.endswith("found nothing under <schedule>)")


def test_xml_that_is_not_well_formed() -> None:
    err = refused(b"<schedule>\n<day>\n")
    assert err.message == "not well-formed XML: no element found (the file ends too early: truncated?)"
    assert err.where == "camp.xml:3:0"
    err = refused(b"<schedule>\n<day></dya>\n</schedule>")
    assert err.message == "not well-formed XML: mismatched tag"
    assert err.where == "camp.xml:2:7"
    err = refused(b"<schedule>\n<d a='1\n")
    assert err.message == "not well-formed XML: unclosed token (the file ends too early: truncated?)"
    err = refused(b'<?xml version="1.0"?>\n<!DOCTYPE s [\n<!ENTITY a "x">\n]>\n<schedule>&a;</schedule>')
    assert err.message == (
        "the document declares entities or refers to external ones, which are refused for safety "
        "(EntitiesForbidden)"
    )
    assert err.where == "camp.xml:3"


def test_declared_encodings() -> None:
    doc = xml(day(room(ev(title="Café"))), head='<?xml version="1.0" encoding="windows-1252"?>\n')
    result = read(doc.decode().encode("cp1252"))
    assert result.schedule.sessions[0].title == "Café"
    latin = xml(day(room(ev(title="Café"))), head="<?xml version='1.0' encoding='ISO-8859-1'?>\n")
    assert read(latin.decode().encode("latin-1")).schedule.sessions[0].title == "Café"
    err = refused(xml(day(room(ev())), head='<?xml version="1.0" encoding="klingon"?>\n'))
    assert (err.message, err.where) == (
        "the XML declaration names the encoding 'klingon', which is not known",
        "camp.xml:1",
    )
    err = refused(xml(day(room(ev())), head='<?xml version="1.0" encoding="rot13"?>\n'))
    assert (err.message, err.where) == ("'rot13' is not a text encoding", "camp.xml:1")
    err = refused(b'<?xml version="1.0" encoding="shift_jis"?>\n<schedule>\n\x81</schedule>')
    assert (err.message, err.where) == ("the file is not valid shift_jis text", "camp.xml:3")


def test_a_utf8_byte_order_mark_wins_over_a_declared_encoding() -> None:
    # Editors that save "UTF-8 with BOM" keep a hand-written declaration of another code page.
    doc = xml(day(room(ev(title="Café"))), head='<?xml version="1.0" encoding="windows-1252"?>\n')
    assert read(b"\xef\xbb\xbf" + doc).schedule.sessions[0].title == "Café"


def test_a_declared_utf8_file_with_a_bad_byte_is_left_to_expat() -> None:
    err = refused(b'<?xml version="1.0" encoding="UTF-8"?>\n<schedule>\n\xff</schedule>')
    assert (err.message, err.where) == (
        "not well-formed XML: not well-formed (invalid token)",
        "camp.xml:3:0",
    )


def test_an_encoding_name_that_is_not_ascii_is_named_in_the_message() -> None:
    err = refused('<?xml version="1.0" encoding="é"?>\n<schedule/>'.encode())
    assert err.message == "the XML declaration names the encoding '\ufffd\ufffd', which is not known"


def test_an_empty_track_element_is_no_track() -> None:
    assert read(xml(day(room(ev("<track/>"))))).schedule.sessions[0].track == ""


def test_a_room_named_only_inside_events_is_not_empty() -> None:
    result = read(xml(day(room(ev("<room>Tent</room>"), name="Hall") + room("", name="Tent"))))
    assert [r.name for r in result.schedule.rooms] == ["Tent"]
    assert "empty room" not in result.report.adjusted


def test_name_falls_back_to_the_file_and_a_bad_slot_is_ignored() -> None:
    conf = (
        "<conference><time_zone_name>UTC</time_zone_name>"
        "<timeslot_duration>x</timeslot_duration></conference>"
    )
    s = read(xml(day(room(ev())), conf), name="my-camp.xml").schedule
    assert s.event.name == "my-camp"
    assert s.event.slot_minutes == 15
    no_conf = read(xml(day(room(ev())), ""), tz="UTC").schedule
    assert no_conf.event.extra == {}
    assert no_conf.event.slot_minutes == 15


def test_progress_is_called_and_can_cancel() -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    data = xml(day(room(ev() + ev(title="B"))))
    frab_xml.read(Path("c.xml"), data, progress=progress)
    assert calls == [(0, 2), (2, 2)]
    with pytest.raises(InteropError) as err:
        frab_xml.read(Path("c.xml"), data, progress=lambda d, t: False)
    assert (err.value.message, err.value.where) == ("the import was cancelled", "c.xml")


def test_parse_dt() -> None:
    assert frab_xml.parse_dt(" 2026-07-23T10:00:00Z ") == datetime(2026, 7, 23, 10, tzinfo=UTC)
    assert frab_xml.parse_dt("2026-07-23T10:00:00") == datetime(2026, 7, 23, 10)
    assert frab_xml.parse_dt("") is None
    assert frab_xml.parse_dt("Z") is None
    assert frab_xml.parse_dt("soon") is None


def small_schedule() -> Schedule:
    start = datetime(2026, 7, 23, 8, 0, tzinfo=UTC)
    hall = Room(name="Hall & Co", position=0)
    pia = Person(name="Pia", extra={"id": "5"})
    jo = Person(name="Jo", extra={"id": "not-small"})
    talk = Session(
        title="Talk <1>\x01",
        start=start,
        duration_minutes=90,
        room=hall.guid,
        track="Security",
        speakers=[pia.guid],
        moderators=[jo.guid],
        extra={
            "subtitle": "Sub",
            "abstract": "Abs",
            "logo": "https://x.example/l.png",
            "url": "https://camp.example.org/1",
            "feedback_url": "https://x.example/f",
            "origin_url": "ftp://no",
            "recording": {"license": "CC-BY", "optout": True},
            "links": [{"url": "https://x.example/s", "title": "Slides"}],
            "attachments": [
                {"url": "https://x.example/a.pdf", "title": "A"},
                {"url": "file:///etc/passwd", "title": "no"},
                "junk",
            ],
        },
    )
    other = Session(title="Other", start=start + timedelta(hours=3), duration_minutes=5, room=hall.guid)
    event = Event(
        name="Camp", first_day=date(2026, 7, 23), last_day=date(2026, 7, 23), timezone="Europe/Berlin"
    )
    return Schedule(event=event, rooms=[hall], sessions=[talk, other], people=[pia, jo])


def test_write_by_value(tmp_path: Path) -> None:
    schedule = small_schedule()
    talk = schedule.sessions[0]
    pia, jo = schedule.people
    out = tmp_path / "out.xml"
    frab_xml.write(schedule, out)
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == '<?xml version="1.0" encoding="UTF-8"?>'
    assert lines[1] == (
        '<schedule xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:noNamespaceSchemaLocation="https://c3voc.de/schedule/schema.xsd">'
    )
    assert "  <conference>" in lines
    assert "    <title>Camp</title>" in lines
    assert "    <days>1</days>" in lines
    assert "    <timeslot_duration>00:15</timeslot_duration>" in lines
    assert "    <time_zone_name>Europe/Berlin</time_zone_name>" in lines
    assert f'    <room name="Hall &amp; Co" guid="{schedule.rooms[0].guid}">' in lines
    assert "        <title>Talk &lt;1&gt;</title>" in lines
    assert "        <room>Hall &amp; Co</room>" in lines
    assert "        <subtitle>Sub</subtitle>" in lines
    assert "        <date>2026-07-23T10:00:00+02:00</date>" in lines
    assert "        <start>10:00</start>" in lines
    assert "        <duration>01:30</duration>" in lines
    assert "        <duration>00:05</duration>" in lines
    assert "        <abstract>Abs</abstract>" in lines
    assert "        <track>Security</track>" in lines
    assert "        <logo>https://x.example/l.png</logo>" in lines
    assert f'          <person id="5" guid="{pia.guid}">Pia</person>' in lines
    assert f'          <person guid="{jo.guid}">Jo</person>' in lines
    assert "          <license>CC-BY</license>" in lines
    assert "          <optout>true</optout>" in lines
    assert "          <optout>false</optout>" in lines
    assert '          <link href="https://x.example/s">Slides</link>' in lines
    assert '          <attachment href="https://x.example/a.pdf">A</attachment>' in lines
    assert "passwd" not in text
    assert "        <url>https://camp.example.org/1</url>" in lines
    assert "        <feedback_url>https://x.example/f</feedback_url>" in lines
    assert "origin_url" not in text
    assert "        <subtitle/>" in lines  # the other session
    assert text.endswith("</schedule>\n")
    back = frab_xml.read(out, out.read_bytes()).schedule
    assert [(x.title, x.start, x.duration_minutes, x.guid) for x in back.sessions] == [
        ("Talk <1>", talk.start, 90, talk.guid),
        ("Other", schedule.sessions[1].start, 5, schedule.sessions[1].guid),
    ]
