"""The event dialog: the invite link template is editable, and a base URL or template
that cannot make a link is refused there, with the field named (issue 13, items 9, 10
and 19)."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.model import Event
from planner.ui.event_dialog import EventDialog


def _event() -> Event:
    return Event(
        "Gala", date(2026, 12, 12), date(2026, 12, 12), timezone="Europe/Vienna", slug="gala",
        invite_base_url="https://ex.org/gala",
    )  # fmt: skip


def test_the_link_template_is_edited_in_the_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = EventDialog(None, _event())
    qtbot.addWidget(dialog)
    assert dialog.link_template.text() == "{base_url}/register?invite={token}"
    dialog.link_template.setText("{base_url}/{slug}/join?t={token}")
    dialog.accept()
    assert dialog.result() == 1
    assert dialog.result_event().invite_template == "{base_url}/{slug}/join?t={token}"


def test_an_empty_template_is_the_default(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = EventDialog(None, _event())
    qtbot.addWidget(dialog)
    dialog.link_template.setText("  ")
    dialog.accept()
    assert dialog.result_event().invite_template == "{base_url}/register?invite={token}"


@pytest.mark.parametrize(
    ("url", "template", "words"),
    [
        ("https://ex.org:99999/gala", "", "Invite base URL: "),
        ("https://ex.org:0/gala", "", "port"),
        ("https://[::1/gala", "", "IPv6"),
        ("ftp://ex.org/gala", "", "http"),
        ("https://ex.org/gala", "{base_url}/join", "Invite link template: "),
        ("https://ex.org/gala", "{base_url}/{nope}?t={token}", "placeholder"),
    ],
)
def test_links_that_cannot_be_made_are_refused_here(qtbot, url: str, template: str, words: str) -> None:  # type: ignore[no-untyped-def]
    dialog = EventDialog(None, _event())
    qtbot.addWidget(dialog)
    dialog.base_url.setText(url)
    if template:
        dialog.link_template.setText(template)
    dialog.accept()
    assert dialog.result() == 0
    assert words in dialog.error_label.text()


@pytest.mark.parametrize("zone", ["Europe", "z" * 300])
def test_a_zone_folder_or_a_long_name_is_a_sentence(qtbot, zone: str) -> None:  # type: ignore[no-untyped-def]
    dialog = EventDialog(None, _event())
    qtbot.addWidget(dialog)
    dialog.timezone.setEditText(zone)
    dialog.accept()
    assert dialog.result() == 0
    text = dialog.error_label.text()
    assert text.startswith("Timezone: ") and "tzdata" not in text and "Errno" not in text, text
