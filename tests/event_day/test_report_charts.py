"""The report's charts say what they show (issue 13, item 23): whole-number ticks for
counts, rooms without a limit labelled alike in chart and table, captions that count
what their chart counts, and a country that the person dialog can set."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import KeepTogether, Paragraph, Table

from planner.afterwards.report import ACCENT, ReportData, build_story, count_axis, hbar_chart
from planner.domain.analytics import Attendance
from planner.domain.model import Event, Person, PersonRole, Room, Schedule, Session


def tick_labels(drawing: Drawing, fmt: str = "%d") -> list[str]:
    chart = next(x for x in drawing.contents if isinstance(x, HorizontalBarChart))
    chart.draw()  # configures the axis
    return [fmt % v for v in chart.valueAxis._tickValues]  # noqa: SLF001  (reportlab has no public accessor)


@pytest.mark.parametrize("top", [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 13, 17, 33, 99, 101, 640, 1234, 98765])
def test_count_ticks_are_whole_and_each_once(top: int) -> None:
    labels = tick_labels(hbar_chart(["a", "b"], [[float(top), 0.0]], ["people"], [ACCENT]))
    assert len(labels) == len(set(labels)) >= 2, labels
    values = [int(x) for x in labels]
    assert values[0] == 0 and values[-1] >= top and len(values) <= 7
    step, end = count_axis(max(top, 1))  # an empty chart is drawn as one of 1
    assert values == list(range(0, end + 1, step))


def test_one_person_is_not_drawn_as_0_0_0_0_1() -> None:
    assert tick_labels(hbar_chart(["Austria"], [[1.0]], ["people"], [ACCENT])) == ["0", "1", "2"]


def event_with_an_online_room() -> ReportData:
    ev = Event(name="Hybrid Day", first_day=date(2026, 6, 1), last_day=date(2026, 6, 1), timezone="UTC")
    hall, online = Room(name="Hall", position=0, capacity=120), Room(name="Online", position=1, capacity=None)
    people = [
        Person(name=f"Speaker {i}", role=PersonRole.SPEAKER, timezone="Europe/Vienna") for i in range(5)
    ]
    people.append(Person(name="Ada", role=PersonRole.ATTENDEE, timezone="Asia/Tokyo"))
    t0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
    sessions = [
        Session(title="Hall talk", room=hall.guid, start=t0, duration_minutes=45),
        Session(title="Stream talk", room=online.guid, start=t0 + timedelta(hours=1), duration_minutes=45),
    ]
    att = [
        Attendance(session=sessions[0].guid, registered=100, attended=80),
        Attendance(session=sessions[1].guid, registered=300, attended=250),
    ]
    return ReportData(Schedule(ev, [hall, online], sessions, people), att, [])


def flat(story: list[Any]) -> list[Any]:
    out: list[Any] = []
    for x in story:
        if isinstance(x, KeepTogether):
            out += flat(x._content)  # type: ignore[attr-defined]  # noqa: SLF001  (reportlab's)
        else:
            out.append(x)
    return out


def test_a_room_without_a_limit_reads_the_same_in_chart_and_table() -> None:
    story = flat(build_story(event_with_an_online_room()))
    charts = [
        c for d in story if isinstance(d, Drawing) for c in d.contents if isinstance(c, HorizontalBarChart)
    ]
    capacity_charts = [c for c in charts if len(c.data) == 2]
    assert capacity_charts
    for chart in capacity_charts:
        names = list(reversed(chart.categoryAxis.categoryNames))
        caps = list(reversed(chart.data[1]))
        for name, cap in zip(names, caps, strict=True):
            if name.startswith(("Online", "Stream talk")):
                assert name.endswith("(no limit)") and cap is None  # no bar, and it says why
            else:
                assert cap == 120 and "(no limit)" not in name
    cells = [
        str(c)
        for t in story
        if isinstance(t, Table)
        for row in t._cellvalues  # type: ignore[attr-defined]  # noqa: SLF001  (reportlab's)
        for c in row
        if not isinstance(c, Paragraph)
    ]
    assert cells.count("no limit") == 2  # the rooms table and the sessions table


def test_audience_captions_count_what_their_chart_shows() -> None:
    story = flat(build_story(event_with_an_online_room()))
    texts = [p.getPlainText() for p in story if isinstance(p, Paragraph)]
    note = next(t for t in texts if "on the event's list" in t)
    assert "1 attendee of the 6 people" in note
    assert "By country · 1 person" in texts and "By region · 1 person" in texts
    assert "By role · 6 people" in texts


def test_the_person_dialog_sets_the_country_the_report_counts(qtbot) -> None:  # type: ignore[no-untyped-def]
    from planner.domain.analytics import audience, country_of
    from planner.ui.people.person_dialog import PersonDialog

    ev = Event(name="E", first_day=date(2026, 6, 1), last_day=date(2026, 6, 1))
    ada = Person(name="Ada", timezone="Asia/Tokyo")
    dialog = PersonDialog(None, ev, ada)
    qtbot.addWidget(dialog)
    assert dialog.country_edit.text() == "" and "Japan" in dialog.country_edit.placeholderText()
    dialog.country_edit.setText("  South   Korea ")
    dialog.accept()
    edited = dialog.result_person()
    assert edited is not None and edited.extra["country"] == "South Korea"
    assert country_of(edited) == "South Korea"
    assert audience(Schedule(ev, [], [], [edited])).by_country == [("South Korea", 1)]
    again = PersonDialog(None, ev, edited)
    qtbot.addWidget(again)
    assert again.country_edit.text() == "South Korea"
    again.country_edit.setText("")
    again.accept()
    result = again.result_person()
    assert result is not None and "country" not in result.extra  # back to the zone's country
