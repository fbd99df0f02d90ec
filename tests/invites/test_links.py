"""Tokens, links, templates and the one-active-invite rule."""

from __future__ import annotations

import base64
import string
from datetime import date

import pytest

from planner import edits
from planner.demo import demo_schedule
from planner.domain.model import Event, Invite, Person, PersonRole, Schedule, Session
from planner.errors import UserError
from planner.invites.links import (
    active_invite,
    check_template,
    has_role,
    invite_link,
    issue_invite,
    new_token,
    people_with_role,
    short_link,
)
from planner.invites.service import ensure_invites, reissue


def _event(**kw: object) -> Event:
    ev = Event(
        name="Gala",
        first_day=date(2026, 12, 12),
        last_day=date(2026, 12, 12),
        slug="gala",
        invite_base_url="https://hopin.com/events/gala",
    )
    for k, v in kw.items():
        setattr(ev, k, v)
    return ev


def test_tokens_are_unique_and_carry_128_random_bits() -> None:
    tokens = [new_token() for _ in range(5000)]
    assert len(set(tokens)) == len(tokens)
    alphabet = set(string.ascii_letters + string.digits + "-_")
    for t in tokens[:200]:
        assert set(t) <= alphabet
        assert len(base64.urlsafe_b64decode(t + "==")) >= 16  # >= 128 bits
    # Nothing sequential or shared: no common prefixes, every position takes many values.
    assert len({t[:6] for t in tokens}) == len(tokens)
    for pos in range(len(tokens[0]) - 1):
        assert len({t[pos] for t in tokens}) > 50


def test_default_link_uses_base_url_and_token() -> None:
    ev = _event()
    assert invite_link(ev, "abc_-1") == "https://hopin.com/events/gala/register?invite=abc_-1"
    assert short_link(invite_link(ev, "t")) == "hopin.com/events/gala/register?invite=t"


def test_every_part_of_the_link_is_url_encoded() -> None:
    ev = _event(invite_base_url="https://exämple.org/events/winter gala/", slug="g&a")
    link = invite_link(ev, "tok/en?=")
    assert link == "https://xn--exmple-cua.org/events/winter%20gala/register?invite=tok%2Fen%3F%3D"
    ev.invite_template = "{base_url}/{slug}/join?t={token}"
    assert invite_link(ev, "x") == "https://xn--exmple-cua.org/events/winter%20gala/g%26a/join?t=x"


def test_template_without_base_url_must_be_http() -> None:
    ev = _event(invite_template="https://tickets.example.com/e/{slug}?code={token}", invite_base_url="")
    assert invite_link(ev, "T") == "https://tickets.example.com/e/gala?code=T"


@pytest.mark.parametrize(
    ("template", "why"),
    [
        ("{base_url}/register", "{token} exactly once"),
        ("{base_url}/{token}/{token}", "{token} exactly once"),
        ("ftp://example.org/{token}", "http:// or https://"),
        ("javascript:alert({token})", "http:// or https://"),
        ("{base_url}/x?id={user}&t={token}", "unknown placeholder {user}"),
        ("{base_url}/x?t={token", "unmatched brace"),
        ("", "empty"),
    ],
)
def test_bad_templates_are_refused_with_a_reason(template: str, why: str) -> None:
    with pytest.raises(UserError, match=None) as info:
        check_template(template)
    assert why in str(info.value)


@pytest.mark.parametrize(
    ("base", "why"),
    [
        ("", "no invite base URL"),
        ("hopin.com/events/gala", "http:// or https://"),
        ("https:///nohost", "no host"),
    ],
)
def test_bad_base_urls_are_refused(base: str, why: str) -> None:
    with pytest.raises(UserError) as info:
        invite_link(_event(invite_base_url=base), "t")
    assert why in str(info.value)


def test_one_active_invite_per_person() -> None:
    p = Person("Ana")
    sched = Schedule(_event(), people=[p])
    inv = issue_invite(sched, p.guid)
    sched.invites.append(inv)
    with pytest.raises(UserError, match="already has an active invite"):
        issue_invite(sched, p.guid)
    assert active_invite(sched, p.guid) is inv


def test_revoking_and_reissuing_changes_the_link(store) -> None:  # type: ignore[no-untyped-def]
    slug = store.add_schedule(demo_schedule())
    sched = store.load(slug)
    person = sched.people[0]
    ensure_invites(store, slug, sched, [person])
    old = active_invite(store.load(slug), person.guid)
    assert old is not None
    old_link = invite_link(sched.event, old.token)

    revoked, new = reissue(store.load(slug), person.guid)
    assert revoked is not None and revoked.token == old.token and not revoked.active
    store.apply(slug, edits.save_invites(store.load(slug), [revoked, new]))

    again = store.load(slug)
    current = active_invite(again, person.guid)
    assert current is not None and current.token == new.token
    assert invite_link(again.event, current.token) != old_link
    by_token = {i.token: i for i in again.invites}
    assert by_token[old.token].revoked is not None  # the old link stays dead, on disk


def test_ensure_invites_issues_only_what_is_missing(store) -> None:  # type: ignore[no-untyped-def]
    slug = store.add_schedule(demo_schedule())
    sched = store.load(slug)
    first = ensure_invites(store, slug, sched, sched.people)
    assert len(first) == len(sched.people)
    sched = store.load(slug)
    assert ensure_invites(store, slug, sched, sched.people) == []
    assert len({i.token for i in sched.invites}) == len(sched.people)


def test_role_counts_session_roles_too() -> None:
    a, b, c = Person("A", role=PersonRole.ATTENDEE), Person("B", role=PersonRole.SPEAKER), Person("C")
    s = Session("Panel", speakers=[a.guid], moderators=[c.guid])
    sched = Schedule(_event(), sessions=[s], people=[a, b, c])
    assert [p.name for p in people_with_role(sched, "speaker")] == ["A", "B"]
    assert [p.name for p in people_with_role(sched, PersonRole.MODERATOR)] == ["C"]
    assert [p.name for p in people_with_role(sched, "attendee")] == ["A", "C"]
    assert has_role(sched, a, None)
    assert not has_role(sched, b, "crew")


def test_invites_of_another_person_are_not_reused() -> None:
    p, q = Person("P"), Person("Q")
    sched = Schedule(_event(), people=[p, q], invites=[Invite(p.guid, "tok")])
    assert active_invite(sched, q.guid) is None
