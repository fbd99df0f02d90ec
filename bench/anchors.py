"""The anchor figures the README sets ours beside: pretalx on 38C3 (1007 talks, 72 rooms).

pretalx is not a dependency of planner. Install it into a throwaway virtual environment
and point this script at that environment's Python:

    python3.11 -m venv /tmp/pretalx-venv && /tmp/pretalx-venv/bin/pip install pretalx
    PRETALX_PYTHON=/tmp/pretalx-venv/bin/python python bench/anchors.py [SCHEDULE.xml]

(/tmp/pretalx-venv/bin/python is tried when PRETALX_PYTHON is not set.) Without pretalx
the script says so and prints nothing else; docs/performance.md then says where the
README's anchor figures come from.

What it times, in a fresh pretalx data directory (SQLite) each run:
- loading the talks, rooms and speakers of the frab XML through pretalx's models, one
  object at a time as its importers do; pretalx 2025 has no command that imports a frab
  XML (older releases had ``import_schedule``), so this is the nearest measurable step;
- ``Schedule.warnings``: the check pretalx runs before a release (room overlaps, speakers
  in two places, availabilities);
- ``Schedule.freeze``: the release itself, without notifying speakers;
- ``FrabXmlExporter``: the frab XML of the released schedule.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "schedules" / "38c3-schedule-2025-03-04.xml"
FALLBACK_PYTHON = "/tmp/pretalx-venv/bin/python"

CONFIG = """[filesystem]
data = {dir}/data
media = {dir}/media
static = {dir}/static
logs = {dir}/logs
[database]
backend = sqlite3
[site]
debug = False
url = http://localhost
"""

# Runs in pretalx's environment, not planner's: stdlib and pretalx only.
LOAD_AND_TIME = """
import datetime as dt
import logging
import os
import sys
import time
from xml.etree import ElementTree

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretalx.settings")
django.setup()
logging.disable(logging.WARNING)
from django.db import transaction
from django_scopes import scope, scopes_disabled
from pretalx.event.models import Event, Organiser
from pretalx.person.models import SpeakerProfile, User
from pretalx.schedule.exporters import FrabXmlExporter
from pretalx.schedule.models import Room, TalkSlot
from pretalx.submission.models import Submission, SubmissionType
from pretalx.submission.models.submission import SubmissionStates

t0, c0 = time.perf_counter(), time.process_time()


def report(label, t, c):
    print(f"{label:<66} {time.perf_counter() - t:6.2f} s ({time.process_time() - c:.2f} s CPU)")


root = ElementTree.parse(sys.argv[1]).getroot()
conf = root.find("conference")
days = root.findall("day")
with scopes_disabled(), transaction.atomic():
    organiser = Organiser.objects.create(name="Bench", slug="bench")
    event = Event.objects.create(
        name=conf.findtext("title"),
        slug="bench38c3",
        organiser=organiser,
        date_from=dt.date.fromisoformat(days[0].get("date")),
        date_to=dt.date.fromisoformat(days[-1].get("date")),
        timezone=conf.findtext("time_zone_name") or "UTC",
        email="bench@example.org",
        locale_array="en",
        locale="en",
    )
with scope(event=event), transaction.atomic():
    event.build_initial_data()
    kind = SubmissionType.objects.create(event=event, name="Talk", default_duration=30)
    rooms, users, talks = {}, {}, 0
    wip = event.wip_schedule
    for day in days:
        for room_el in day.findall("room"):
            name = room_el.get("name")
            if name not in rooms:
                rooms[name] = Room.objects.create(event=event, name=name, position=len(rooms))
            for ev in room_el.findall("event"):
                start = dt.datetime.fromisoformat(ev.findtext("date"))
                hours, minutes = ev.findtext("duration").split(":")[:2]
                length = int(hours) * 60 + int(minutes)
                sub = Submission.objects.create(
                    event=event,
                    title=(ev.findtext("title") or "")[:200],
                    submission_type=kind,
                    state=SubmissionStates.CONFIRMED,
                    duration=length or None,
                )
                for p in ev.iter("person"):
                    key = p.get("guid") or p.text
                    if key not in users:
                        user = User.objects.create_user(
                            name=(p.text or "?")[:120], email=f"speaker{len(users)}@example.org"
                        )
                        SpeakerProfile.objects.create(user=user, event=event)
                        users[key] = user
                    sub.speakers.add(users[key])
                TalkSlot.objects.filter(submission=sub, schedule=wip).delete()
                TalkSlot.objects.create(
                    submission=sub,
                    schedule=wip,
                    room=rooms[name],
                    start=start,
                    end=start + dt.timedelta(minutes=length),
                    is_visible=True,
                )
                talks += 1
report(f"load {talks} talks, {len(rooms)} rooms, {len(users)} speakers through the models:", t0, c0)
with scope(event=event):
    wip = event.wip_schedule
    t, c = time.perf_counter(), time.process_time()
    found = wip.warnings
    report(f"Schedule.warnings: {len(found['talk_warnings'])} talks with a warning:", t, c)
    t, c = time.perf_counter(), time.process_time()
    wip.freeze("bench", notify_speakers=False)
    report("Schedule.freeze (release, no notifications):", t, c)
    event.refresh_from_db()
    t, c = time.perf_counter(), time.process_time()
    xml = FrabXmlExporter(event, schedule=event.current_schedule).get_data()
    report(f"FrabXmlExporter: {xml.count('<event ')} events, {len(xml) // 1024} KiB:", t, c)
"""


def pretalx_python() -> str | None:
    """A Python that can import pretalx, or None."""
    candidate = os.environ.get("PRETALX_PYTHON") or FALLBACK_PYTHON
    if not Path(candidate).exists():
        return None
    probe = subprocess.run(
        [candidate, "-c", "import pretalx; print(pretalx.__version__)"], capture_output=True, text=True
    )
    return candidate if probe.returncode == 0 else None


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        print(f"bench/anchors.py: schedule not found: {path}", file=sys.stderr)
        return 2
    python = pretalx_python()
    if python is None:
        print(
            "bench/anchors.py: pretalx is not installed, so no anchor figure is measured here "
            "(see this script's docstring to install it; docs/performance.md says where the "
            "README's pretalx figures come from)"
        )
        return 0
    version = subprocess.run(
        [python, "-c", "import pretalx; print(pretalx.__version__)"], capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="bench-pretalx-") as tmp:
        for sub in ("data", "media", "static", "logs"):
            Path(tmp, sub).mkdir()
        config = Path(tmp, "pretalx.cfg")
        config.write_text(CONFIG.format(dir=tmp), encoding="utf-8")
        script = Path(tmp, "load_and_time.py")
        script.write_text(LOAD_AND_TIME, encoding="utf-8")
        env = dict(os.environ, PRETALX_CONFIG_FILE=str(config))
        migrate = subprocess.run(
            [python, "-m", "pretalx", "migrate"], capture_output=True, text=True, env=env, cwd=tmp
        )
        if migrate.returncode != 0:
            print(f"bench/anchors.py: pretalx could not set up its database:\n{migrate.stderr[-2000:]}")
            return 1
        print(f"pretalx {version} on {path.name} (SQLite, one process):")
        run = subprocess.run(
            [python, str(script), str(path)], capture_output=True, text=True, env=env, cwd=tmp
        )
        if run.returncode != 0:
            print(f"bench/anchors.py: the pretalx run failed:\n{run.stderr[-2000:]}")
            return 1
        # pretalx greets a root user with a question on stdout; the figures are the rest.
        print("".join(line for line in run.stdout.splitlines(True) if "as root" not in line), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
