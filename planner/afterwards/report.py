"""The post-event report: a PDF (reportlab) with the numbers of
:mod:`planner.domain.analytics` as charts and tables, and the crew and speaker list with
their sessions for thank-you notes. No Qt."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from planner import __version__
from planner.domain import analytics as an
from planner.domain.analytics import Attendance, Feedback
from planner.domain.model import Event, Schedule, Session
from planner.domain.timegrid import format_local
from planner.errors import UserError
from planner.files import written_whole
from planner.text import plural

log = logging.getLogger(__name__)

INK = colors.HexColor("#1f2937")
MUTED = colors.HexColor("#6b7280")
ACCENT = colors.HexColor("#2563eb")
ACCENT_2 = colors.HexColor("#f59e0b")
GRID = colors.HexColor("#e5e7eb")
BAND = colors.HexColor("#f3f4f6")
LATE = colors.HexColor("#dc2626")
ON_TIME = colors.HexColor("#16a34a")

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN - 12  # the frame keeps 6 pt of padding on each side
MAX_BARS = 30  # more bars than this would not fit one page
MAX_COMMENTS = 40
MAX_SESSIONS_PER_PERSON = 12  # a row must fit on a page


@dataclass(slots=True)
class ReportData:
    schedule: Schedule
    attendance: list[Attendance]
    feedback: list[Feedback]


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "title",
            parent=base["Title"],
            textColor=INK,
            alignment=TA_LEFT,
            fontSize=24,
            leading=28,
            spaceAfter=4,
        ),
        "sub": ParagraphStyle("sub", parent=base["Normal"], textColor=MUTED, fontSize=10.5, leading=14),
        "h2": ParagraphStyle(
            "h2",
            parent=base["Heading2"],
            textColor=INK,
            fontSize=14,
            leading=18,
            spaceBefore=10,
            spaceAfter=6,
        ),
        "body": ParagraphStyle("body", parent=base["Normal"], textColor=INK, fontSize=9.5, leading=12.5),
        "cell": ParagraphStyle("cell", parent=base["Normal"], textColor=INK, fontSize=8, leading=10),
        "note": ParagraphStyle("note", parent=base["Normal"], textColor=MUTED, fontSize=8.5, leading=11),
    }


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v * 100:.0f}%"


def _num(v: float | int | None, fmt: str = "{:,.0f}") -> str:
    return "–" if v is None else fmt.format(v)


NO_LIMIT = an.NO_LIMIT


def _capacity_bar(capacity: int | None) -> float | None:
    """A capacity bar, or none at all for a room without a limit (an online room): never a
    bar of 0 that reads as "nobody fits"."""
    return None if not capacity else float(capacity)


_capacity_cell = an.capacity_text  # one wording for the report and the Analytics tab
_no_limit_label = an.no_limit_label


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(rows: list[list[Any]], widths: list[float], numeric_from: int = 1) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for i in range(2, len(rows), 2):
        style.append(("BACKGROUND", (0, i), (-1, i), BAND))
    t.setStyle(TableStyle(style))
    return t


COUNT_STEPS = (1, 2, 5)


def count_axis(top: float, most_ticks: int = 6) -> tuple[int, int]:
    """Whole-number ticks for a chart of counts whose largest bar is ``top``: the step (1,
    2, 5, 10, 20, 50, …) that gives at most ``most_ticks`` intervals, and the axis end, a
    tick a little beyond ``top`` (so the bar's label has room)."""
    want = max(1.0, top * 1.12)
    scale = 1
    while True:
        for base in COUNT_STEPS:
            step = base * scale
            if want / step <= most_ticks:
                return step, step * math.ceil(want / step)
        scale *= 10


def hbar_chart(
    labels: list[str],
    series: list[list[float | None]],
    names: list[str],
    fills: list[Any],
    *,
    width: float = CONTENT_W,
    value_max: float | None = None,
    label_fmt: str = "%d",
    bar_h: float = 11,
) -> Drawing:
    """Horizontal bars, one group per label (top to bottom in the order given)."""
    n = max(1, len(labels))
    label_w = min(190.0, max(60.0, 5.0 * max((len(x) for x in labels), default=8)))
    legend_h = 16 if len(series) > 1 else 0
    group_h = bar_h * len(series) + 6
    height = n * group_h + 26 + legend_h
    d = Drawing(width, height)
    chart = HorizontalBarChart()
    # types-reportlab declares the geometry of charts and legends int; reportlab takes any number.
    chart.x = label_w  # type: ignore[assignment]
    chart.y = 18
    chart.width = width - label_w - 30  # type: ignore[assignment]
    chart.height = n * group_h  # type: ignore[assignment]
    # reportlab draws the first category at the bottom: reverse so the list reads downwards.
    chart.data = [list(reversed(s)) for s in series]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = GRID
    chart.valueAxis.valueMin = 0
    values = [v for s in series for v in s if v is not None]
    top = value_max if value_max is not None else max(values, default=1) or 1
    if label_fmt == "%d":  # counts: whole-number ticks, each once ("0 0 0 0 1" was the bug)
        step, end = count_axis(top)
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = end
    else:
        chart.valueAxis.valueMax = top * 1.12
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = GRID
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.labelTextFormat = label_fmt
    chart.barSpacing = 1
    chart.groupSpacing = 5
    chart.barLabelFormat = label_fmt
    chart.barLabels.fontSize = 6.5
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    for i, fill in enumerate(fills):
        chart.bars[i].fillColor = fill
        chart.bars[i].strokeColor = None
    d.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x = label_w  # type: ignore[assignment]
        legend.y = height - 6  # type: ignore[assignment]
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.fontSize = 7.5
        legend.dx = 7
        legend.dy = 7
        legend.deltax = 90
        legend.colorNamePairs = list(zip(fills, names, strict=True))
        legend.autoXPadding = 12
        d.add(legend)
    return d


def _empty(text: str, styles: dict[str, ParagraphStyle]) -> Paragraph:
    return Paragraph(_esc(text), styles["note"])


def _on_page(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, 10 * mm, doc.title)
    canvas.drawRightString(PAGE_W - MARGIN, 10 * mm, f"page {doc.page}")
    canvas.restoreState()


@dataclass
class _Context:
    """What every section of the report reads: the data, the styles and the numbers."""

    data: ReportData
    st: dict[str, ParagraphStyle]
    rows: list[an.SessionNumbers]
    rooms: list[an.RoomNumbers]
    summ: an.Summary

    @property
    def sched(self) -> Schedule:
        return self.data.schedule

    @property
    def ev(self) -> Event:
        return self.data.schedule.event


def _title_section(ctx: _Context) -> list[Any]:
    """The event's name, its days and time zone."""
    st, ev = ctx.st, ctx.ev
    story: list[Any] = []
    days = ev.first_day.strftime("%d %B %Y")
    if ev.last_day != ev.first_day:
        days += " – " + ev.last_day.strftime("%d %B %Y")
    story.append(Paragraph(_esc(ev.name), st["title"]))
    story.append(Paragraph(f"Post-event report · {days} · times in {ev.timezone}", st["sub"]))
    story.append(Spacer(1, 8 * mm))
    return story


def _summary_section(ctx: _Context) -> list[Any]:
    """Six headline figures as cards, and a note on what they count."""
    st, summ = ctx.st, ctx.summ
    story: list[Any] = []
    cards = [
        ("Attended", _num(summ.attended)),
        ("Registered", _num(summ.registered)),
        ("No-shows", _num(summ.no_shows)),
        ("Mean fill rate", _pct(summ.fill_rate)),
        ("Mean rating", _num(summ.mean_rating, "{:.2f} / 5")),
        ("Started on time", _pct(summ.on_time_share)),
    ]
    big = ParagraphStyle("big", parent=st["body"], fontSize=17, leading=20, fontName="Helvetica-Bold")
    card_rows = [[Paragraph(v, big) for _, v in cards[i : i + 3]] for i in (0, 3)]
    label_rows = [[Paragraph(k, st["note"]) for k, _ in cards[i : i + 3]] for i in (0, 3)]
    grid = Table([card_rows[0], label_rows[0], card_rows[1], label_rows[1]], colWidths=[CONTENT_W / 3] * 3)
    grid.setStyle(
        TableStyle(
            [
                ("BOTTOMPADDING", (0, 1), (-1, 1), 10),
                ("LINEABOVE", (0, 0), (-1, 0), 1.5, ACCENT),
                ("LINEABOVE", (0, 2), (-1, 2), 1.5, ACCENT),
            ]
        )
    )
    story.append(grid)
    story.append(
        Paragraph(
            f"{plural(summ.sessions_with_numbers, 'session')} with numbers, "
            f"{plural(summ.ratings, 'rating')}. "
            "Fill rate is attendance against the room's capacity (or the session's participant limit). "
            + (
                f"Sessions started {summ.mean_start_delay:+.1f} minutes from the plan on average."
                if summ.mean_start_delay is not None
                else "No actual start times were recorded."
            ),
            st["note"],
        )
    )
    return story


def _rooms_section(ctx: _Context) -> list[Any]:
    """Attendance against capacity per room: a chart and a table."""
    st, rooms = ctx.st, ctx.rooms
    story: list[Any] = []
    story.append(Paragraph("Attendance against capacity per room", st["h2"]))
    if any(r.sessions for r in rooms):
        used = [r for r in rooms if r.sessions]
        if len(used) > MAX_BARS:
            story.append(
                Paragraph(
                    f"The {MAX_BARS} rooms with most attendance of {len(used)}; the table lists them all.",
                    st["note"],
                )
            )
        charted_rooms = sorted(used, key=lambda r: -r.attended)[:MAX_BARS] if len(used) > MAX_BARS else used
        story.append(
            hbar_chart(
                [_no_limit_label(r.name, r.capacity) for r in charted_rooms],
                [
                    [float(r.attended / r.sessions) for r in charted_rooms],
                    [_capacity_bar(r.capacity) for r in charted_rooms],
                ],
                ["attended per session (mean)", "capacity"],
                [ACCENT, GRID],
                bar_h=11 if len(charted_rooms) <= 12 else 6,
            )
        )
        story.append(
            _table(
                [["Room", "Sessions", "Capacity", "Registered", "Attended", "Peak viewers", "Mean fill rate"]]
                + [
                    [
                        r.name,
                        r.sessions,
                        _capacity_cell(r.capacity),
                        _num(r.registered),
                        _num(r.attended),
                        _num(r.peak_viewers),
                        _pct(r.fill_rate),
                    ]
                    for r in used
                ],
                [CONTENT_W * w for w in (0.28, 0.1, 0.11, 0.12, 0.12, 0.13, 0.14)],
            )
        )
    else:
        story.append(
            _empty("No attendance was imported yet (planner attendance import FILE --event SLUG).", st)
        )
    return story


def _sessions_section(ctx: _Context) -> list[Any]:
    """Attendance per session: a chart (the best attended when there are many) and a table."""
    st, ev, rows = ctx.st, ctx.ev, ctx.rows
    story: list[Any] = []
    story.append(PageBreak())
    story.append(Paragraph("Attendance per session", st["h2"]))
    with_att = [r for r in rows if r.registered or r.attended]
    if with_att:
        charted = with_att
        if len(with_att) > MAX_BARS:
            charted = sorted(with_att, key=lambda r: -r.attended)[:MAX_BARS]
            story.append(
                Paragraph(
                    f"The {MAX_BARS} best attended of {len(with_att)} sessions; the table lists them all.",
                    st["note"],
                )
            )
        story.append(
            hbar_chart(
                [_no_limit_label(r.session.title[:42], r.capacity) for r in charted],
                [[float(r.attended) for r in charted], [_capacity_bar(r.capacity) for r in charted]],
                ["attended", "capacity"],
                [ACCENT, GRID],
                bar_h=6,
            )
        )
        story.append(Spacer(1, 4 * mm))
        cell = st["cell"]
        story.append(
            _table(
                [
                    [
                        "Session",
                        "Room",
                        "Start",
                        "Cap.",
                        "Reg.",
                        "Att.",
                        "Fill",
                        "No-show",
                        "Peak",
                        "Avg min",
                        "Rating",
                    ]
                ]
                + [
                    [
                        Paragraph(_esc(r.session.title), cell),
                        Paragraph(_esc(r.room_name), cell),
                        format_local(ev, r.session.start, "%H:%M"),
                        _capacity_cell(r.capacity),
                        _num(r.registered),
                        _num(r.attended),
                        _pct(r.fill_rate),
                        _num(r.no_shows),
                        _num(r.peak_viewers),
                        _num(r.avg_minutes, "{:.0f}"),
                        _num(r.rating, "{:.1f}"),
                    ]
                    for r in with_att
                ],
                [CONTENT_W * w for w in (0.27, 0.12, 0.07, 0.06, 0.06, 0.06, 0.07, 0.08, 0.07, 0.07, 0.07)],
                numeric_from=2,
            )
        )
    else:
        story.append(_empty("No attendance was imported yet.", st))
    return story


def _ratings_section(ctx: _Context) -> list[Any]:
    """Mean ratings by track and by the hour a session started."""
    st, sched, data = ctx.st, ctx.sched, ctx.data
    story: list[Any] = []
    story.append(PageBreak())
    story.append(Paragraph("Ratings by track", st["h2"]))
    by_track = an.ratings_by_track(sched, data.feedback)[:MAX_BARS]
    if by_track:
        story.append(
            hbar_chart(
                [f"{t} ({n})" for t, _, n in by_track],
                [[m for _, m, _ in by_track]],
                ["mean rating"],
                [ACCENT],
                value_max=5 / 1.12,
                label_fmt="%.1f",
            )
        )
    else:
        story.append(_empty("No feedback was imported yet (planner feedback import FILE --event SLUG).", st))
    story.append(Paragraph("Ratings by time of day (start hour, event time)", st["h2"]))
    by_hour = an.ratings_by_hour(sched, data.feedback)
    if by_hour:
        story.append(
            hbar_chart(
                [f"{h} ({n})" for h, _, n in by_hour],
                [[m for _, m, _ in by_hour]],
                ["mean rating"],
                [ACCENT_2],
                value_max=5 / 1.12,
                label_fmt="%.1f",
            )
        )
    else:
        story.append(_empty("No ratings yet.", st))
    return story


def _comments_section(ctx: _Context) -> list[Any]:
    """What the audience wrote: a few comments per session (none when nobody wrote)."""
    st, sched, data = ctx.st, ctx.sched, ctx.data
    story: list[Any] = []
    sessions_by_guid = sched.session_by_guid()
    comments: list[tuple[Feedback, Session]] = [
        (f, sessions_by_guid[f.session])
        for f in data.feedback
        if f.comment.strip() and f.session in sessions_by_guid
    ]
    if comments:
        story.append(CondPageBreak(50 * mm))
        story.append(Paragraph("What the audience wrote", st["h2"]))
        # A few per session (the best and the worst rated first), so every session is heard.
        per: dict[str, list[tuple[Feedback, Session]]] = {}
        for f, s in comments:
            per.setdefault(s.guid, []).append((f, s))
        picked: list[tuple[Feedback, Session]] = []
        for items in per.values():
            items.sort(key=lambda fs: -fs[0].rating)
            picked.extend(items[:2] + items[2:][-1:] if len(items) > 2 else items)
        shown = sorted(
            picked,
            key=lambda fs: (fs[1].start.isoformat() if fs[1].start else "", fs[1].title, -fs[0].rating),
        )[:MAX_COMMENTS]
        if len(shown) < len(comments):
            story.append(
                Paragraph(f"{len(shown)} of {len(comments)} comments, at most three per session.", st["note"])
            )
        cell = st["cell"]
        story.append(
            _table(
                [["Session", "Rating", "Comment"]]
                + [
                    [Paragraph(_esc(s.title), cell), f"{f.rating} / 5", Paragraph(_esc(f.comment), cell)]
                    for f, s in shown
                ],
                [CONTENT_W * w for w in (0.32, 0.1, 0.58)],
                numeric_from=1,
            )
        )
        story[-1].setStyle(TableStyle([("ALIGN", (2, 0), (2, -1), "LEFT")]))
    return story


def _delays_section(ctx: _Context) -> list[Any]:
    """Planned against actual start of each session started in the run of show."""
    st, sched, ev = ctx.st, ctx.sched, ctx.ev
    story: list[Any] = []
    story.append(CondPageBreak(60 * mm))
    story.append(Paragraph("Planned against actual start", st["h2"]))
    delays = an.start_delays(sched)
    if delays:
        rows_d: list[list[Any]] = [["Session", "Room", "Planned", "Actual", "Minutes late"]]
        for d in delays:
            rows_d.append(
                [
                    Paragraph(_esc(d.session.title), st["cell"]),
                    Paragraph(_esc(d.room_name), st["cell"]),
                    format_local(ev, d.planned, "%H:%M"),
                    format_local(ev, d.actual, "%H:%M"),
                    f"{d.minutes:+.0f}",
                ]
            )
        t = _table(rows_d, [CONTENT_W * w for w in (0.42, 0.18, 0.13, 0.13, 0.14)], numeric_from=2)
        extra = [
            ("TEXTCOLOR", (4, i), (4, i), LATE if d.minutes > 2 else ON_TIME)
            for i, d in enumerate(delays, start=1)
        ]
        t.setStyle(TableStyle(extra))
        story.append(t)
    else:
        story.append(_empty("No session was started in the run of show, so there are no actual times.", st))
    return story


def _audience_section(ctx: _Context) -> list[Any]:
    """The audience by country, region, organisation and role."""
    st, sched = ctx.st, ctx.sched
    story: list[Any] = []
    story.append(PageBreak())
    aud = an.audience(sched)
    story.append(Paragraph("The audience", st["h2"]))
    counted = sum(v for _, v in aud.by_country)  # who the country, region and organisation charts count
    who = (
        f"All {plural(aud.people, 'person', 'people')} on the event's list are counted."
        if counted == aud.people
        else f"The charts by country, region and organisation count the {plural(counted, 'attendee')} of "
        f"the {plural(aud.people, 'person', 'people')} on the event's list; the chart by role counts "
        "everyone."
    )
    story.append(
        Paragraph(
            f"{who} Region and country come from each person's time zone unless a country was given.",
            st["note"],
        )
    )
    for title, counts, fill in (
        ("By country", aud.by_country, ACCENT),
        ("By region", aud.by_region, ACCENT_2),
        ("By organisation", aud.by_organisation, ACCENT),
        ("By role", aud.by_role, ACCENT_2),
    ):
        if counts:
            story.append(
                KeepTogether(
                    [
                        Paragraph(
                            f"{title} · {plural(sum(v for _, v in counts), 'person', 'people')}",
                            ParagraphStyle(
                                "h3",
                                parent=st["body"],
                                fontName="Helvetica-Bold",
                                spaceBefore=6,
                                spaceAfter=2,
                            ),
                        ),
                        hbar_chart(
                            [k for k, _ in counts],
                            [[float(v) for _, v in counts]],
                            ["people"],
                            [fill],
                            bar_h=9,
                        ),
                    ]
                )
            )
    return story


def _crew_section(ctx: _Context) -> list[Any]:
    """Speakers, moderators and crew with their sessions, for thank-you notes."""
    st, sched, ev = ctx.st, ctx.sched, ctx.ev
    story: list[Any] = []
    story.append(PageBreak())
    story.append(Paragraph("Speakers, moderators and crew", st["h2"]))
    story.append(
        Paragraph("Everyone who made the event, with their sessions, for thank-you notes.", st["note"])
    )
    story.append(Spacer(1, 3 * mm))
    crew_rows: list[list[Any]] = [["Name", "E-mail", "Organisation", "Sessions"]]
    for person, sessions in an.speakers_and_crew(sched):
        what = (
            "<br/>".join(
                f"{_esc(s.title)} <font color='#6b7280'>"
                f"({role}, {format_local(ev, s.start, '%a %H:%M')})</font>"
                for s, role in sessions[:MAX_SESSIONS_PER_PERSON]
            )
            or f"<font color='#6b7280'>{person.role.value}</font>"
        )
        if len(sessions) > MAX_SESSIONS_PER_PERSON:
            what += f"<br/><font color='#6b7280'>and {len(sessions) - MAX_SESSIONS_PER_PERSON} more</font>"
        crew_rows.append(
            [
                Paragraph(f"<b>{_esc(person.name)}</b>", st["cell"]),
                Paragraph(_esc(person.email), st["cell"]),
                Paragraph(_esc(person.organisation), st["cell"]),
                Paragraph(what, st["cell"]),
            ]
        )
    if len(crew_rows) > 1:
        t = _table(crew_rows, [CONTENT_W * w for w in (0.18, 0.24, 0.16, 0.42)], numeric_from=99)
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(t)
    else:
        story.append(_empty("No speakers, moderators or crew on the list.", st))
    return story


def _colophon_section(ctx: _Context) -> list[Any]:
    """Which planner made the report, and when."""
    st = ctx.st
    story: list[Any] = []
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(f"Made with planner {__version__} on {datetime.now():%d %B %Y}.", st["note"]))
    return story


SECTIONS: tuple[Callable[[_Context], list[Any]], ...] = (
    _title_section,
    _summary_section,
    _rooms_section,
    _sessions_section,
    _ratings_section,
    _comments_section,
    _delays_section,
    _audience_section,
    _crew_section,
    _colophon_section,
)


def build_story(data: ReportData) -> list[Any]:
    """The report's flowables: each section in turn (see SECTIONS)."""
    sched = data.schedule
    rows = an.session_numbers(sched, data.attendance, data.feedback)
    rooms = an.room_numbers(sched, rows)
    ctx = _Context(data, _styles(), rows, rooms, an.summary(sched, rows, data.feedback))
    story: list[Any] = []
    for section in SECTIONS:
        story.extend(section(ctx))
    return story


def write_report(data: ReportData, path: Path) -> Path:
    """Write the report to ``path`` (a PDF); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(path) as tmp:
        _build_report(data, tmp, path)
    log.info("wrote the report to %s", path)
    return path


def _build_report(data: ReportData, tmp: Path, path: Path) -> None:
    doc = SimpleDocTemplate(
        str(tmp),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"{data.schedule.event.name} — post-event report",
        author="planner",
        creator=f"planner {__version__}",
    )
    try:
        doc.build(build_story(data), onFirstPage=_on_page, onLaterPages=_on_page)
    except LayoutError as exc:  # a table cell too big for a page: say so, no traceback
        raise UserError(
            f"the report could not be laid out ({str(exc).splitlines()[0][:120]}…); "
            "please report this with the event",
            where=str(path),
        ) from exc


__all__ = ["ReportData", "hbar_chart", "write_report"]
