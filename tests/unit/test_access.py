"""The rules of readiness.access: who may do what, on which corporation."""

from __future__ import annotations

import pytest

from readiness.access import (
    ANONYMOUS,
    DENIED,
    LOCAL_ACTOR,
    ROUND_CLOSED,
    RULES,
    AccessDenied,
    Actor,
    Kind,
    Permission,
    can,
    require,
)

OWN, OTHER = 1, 2
BEHEERDER = Actor(kind=Kind.BEHEERDER, username="beheer@example.org", account_id=1)
DENKTANK = Actor(kind=Kind.DENKTANK, username="denktank@example.org", account_id=2)
COORDINATOR = Actor(kind=Kind.COORDINATOR, username="coord@example.org", account_id=3, org_id=OWN)
RESPONDENT = Actor(kind=Kind.RESPONDENT, username="respondent via uitnodiging 1", org_id=OWN, round_id=10,
                   respondent_id=100)  # fmt: skip

ORG_PERMISSIONS = [
    Permission.ORG_READ,
    Permission.ORG_WRITE,
    Permission.ANSWER_READ,
    Permission.ANSWER_WRITE,
    Permission.PLAN_WRITE,
    Permission.EXPORT,
    Permission.IMPORT,
    Permission.AUDIT_READ,
]


@pytest.mark.parametrize("actor", [LOCAL_ACTOR, BEHEERDER], ids=["lokaal", "beheerder"])
@pytest.mark.parametrize("permission", list(Permission))
def test_local_user_and_beheerder_may_do_everything_everywhere(actor, permission):
    assert can(actor, permission)
    assert can(actor, permission, OWN)
    assert can(actor, permission, OTHER)


@pytest.mark.parametrize("permission", list(Permission))
def test_denktank_sees_only_the_sector(permission):
    expected = permission == Permission.SECTOR_READ
    assert can(DENKTANK, permission) is expected
    assert can(DENKTANK, permission, OWN) is expected


@pytest.mark.parametrize("permission", ORG_PERMISSIONS)
def test_coordinator_works_in_the_own_corporation_only(permission):
    assert can(COORDINATOR, permission, OWN)
    assert not can(COORDINATOR, permission, OTHER)
    assert not can(COORDINATOR, permission)  # "every corporation" is not theirs


@pytest.mark.parametrize(
    "permission", [Permission.ORG_CREATE, Permission.ACCOUNTS_MANAGE]
)
def test_coordinator_manages_no_platform(permission):
    assert not can(COORDINATOR, permission)
    assert not can(COORDINATOR, permission, OWN)


def test_coordinator_sees_the_anonymised_sector():
    assert can(COORDINATOR, Permission.SECTOR_READ)


def test_respondent_answers_only_their_own_questionnaire_while_the_round_is_open():
    for permission in (Permission.ANSWER_READ, Permission.ANSWER_WRITE):
        assert can(RESPONDENT, permission, OWN, 100, round_id=10, round_final=False)
        assert not can(RESPONDENT, permission, OWN, 101, round_id=10)  # a colleague
        assert not can(RESPONDENT, permission, OWN, 100, round_id=11)  # another round
        assert not can(RESPONDENT, permission, OTHER, 100)
        assert not can(RESPONDENT, permission, OWN, 100, round_id=10, round_final=True)
    others = set(Permission) - {Permission.ANSWER_READ, Permission.ANSWER_WRITE}
    assert not any(can(RESPONDENT, p, OWN) for p in others)


def test_nobody_logged_in_may_do_nothing():
    assert not any(can(ANONYMOUS, p) or can(ANONYMOUS, p, OWN) for p in Permission)


def test_refusal_is_the_same_for_someone_elses_and_a_missing_corporation():
    with pytest.raises(AccessDenied) as other:
        require(COORDINATOR, Permission.ORG_READ, OTHER)
    with pytest.raises(AccessDenied) as missing:
        require(COORDINATOR, Permission.ORG_READ, 999_999)
    assert str(other.value) == str(missing.value) == DENIED
    assert "999" not in str(missing.value)


def test_a_respondent_of_a_finalised_round_is_told_why():
    with pytest.raises(AccessDenied, match="afgerond") as info:
        require(RESPONDENT, Permission.ANSWER_WRITE, OWN, 100, round_id=10, round_final=True)
    assert str(info.value) == ROUND_CLOSED


def test_access_denied_is_shown_like_any_user_error():
    """Pages and the CLI show ValueErrors as a message; a refusal must be one too."""
    error = AccessDenied()
    assert isinstance(error, PermissionError) and isinstance(error, ValueError)
    assert str(error) == DENIED


def test_every_kind_of_actor_has_a_row_in_the_one_table():
    assert set(RULES) == set(Kind)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": Kind.COORDINATOR, "username": "c"},  # no corporation
        {"kind": Kind.RESPONDENT, "username": "r", "org_id": 1},  # no round/respondent
        {"kind": Kind.DENKTANK, "username": "d", "org_id": 1},  # denktank belongs to none
        {"kind": Kind.BEHEERDER, "username": ""},  # nameless: unusable in the audit trail
        {"kind": "superuser", "username": "x"},
    ],
)
def test_inconsistent_actors_cannot_be_made(kwargs):
    with pytest.raises(ValueError):
        Actor(**kwargs)
