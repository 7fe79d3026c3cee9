"""Accounts (with their login lock-outs) and respondents' invitations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, func, select, update

from readiness.models import NotFoundError
from readiness.store.base import MISSING, StoreBase, all_to_domain, get_row, now, to_domain
from readiness.store.records import AccountRecord, InvitationRecord
from readiness.store.tables import AccountRow, InvitationRow, OrganisationRow


class AccountStore(StoreBase):
    # ----------------------------------------------------------------- accounts

    def add_account(
        self, username: str, password_hash: str, role: str, org_id: int | None
    ) -> AccountRecord:
        """A new active account; ValueError (Dutch) when the username is taken."""
        row = AccountRow(
            username=username,
            password_hash=password_hash,
            role=role,
            org_id=org_id,
            active=True,
            created_at=now(),
            failed_attempts=0,
        )
        with self._session(write=True) as s:
            if org_id is not None:
                get_row(s, OrganisationRow, org_id)
            self._add_unique(s, row, ValueError(f"Er bestaat al een account met de naam '{username}'."))
            return to_domain(AccountRecord, row)

    def get_account(self, account_id: int, *, lock: bool = False) -> AccountRecord:
        """The account; with ``lock`` (inside a unit of work) share-locked until it ends,
        so a deactivation or change of the account (an UPDATE of the row) waits for this
        transaction, or this read waits for it and sees it (SELECT … FOR SHARE on
        PostgreSQL; SQLite's write transaction holds the whole database already)."""
        with self._session() as s:
            return to_domain(AccountRecord, get_row(s, AccountRow, account_id, **_share(lock)))

    def find_account(self, username: str) -> AccountRecord | None:
        with self._session() as s:
            row = s.scalars(select(AccountRow).where(AccountRow.username == username)).first()
            return None if row is None else to_domain(AccountRecord, row)

    def list_accounts(self) -> list[AccountRecord]:
        with self._session() as s:
            return all_to_domain(AccountRecord, s.scalars(select(AccountRow).order_by(AccountRow.username)))

    def count_active_accounts(self, role: str) -> int:
        with self._session() as s:
            return s.scalar(
                select(func.count()).select_from(AccountRow).where(
                    AccountRow.role == role, AccountRow.active.is_(True)
                )
            ) or 0

    def set_account_active(self, account_id: int, active: bool) -> AccountRecord:
        with self._session(write=True) as s:
            row = get_row(s, AccountRow, account_id, with_for_update=True)
            row.active = active
            if active:
                row.failed_attempts, row.locked_until = 0, None
            s.flush()
            return to_domain(AccountRecord, row)

    def _update_account(self, s, account_id: int, **values) -> None:
        s.execute(
            update(AccountRow)
            .where(AccountRow.id == account_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        with self._session(write=True) as s:
            self._update_account(s, account_id, password_hash=password_hash, failed_attempts=0, locked_until=None)

    # ----------------------------------------------------------------- lock-outs

    def record_login_failure(
        self, account_id: int, lock_after: int, locked_until: dt.datetime
    ) -> AccountRecord:
        """Count a failed login; at `lock_after` failures lock the account until `locked_until`
        (and start counting again). Atomic: concurrent failures are all counted."""
        with self._session(write=True) as s:
            failures = s.execute(
                update(AccountRow)
                .where(AccountRow.id == account_id)
                .values(failed_attempts=AccountRow.failed_attempts + 1)
                .returning(AccountRow.failed_attempts)
                .execution_options(synchronize_session=False)
            ).scalar_one()
            if failures >= lock_after:
                self._update_account(s, account_id, failed_attempts=0, locked_until=locked_until)
            return to_domain(AccountRecord, s.get(AccountRow, account_id))

    def record_login_success(self, account_id: int, at: dt.datetime) -> None:
        with self._session(write=True) as s:
            self._update_account(s, account_id, failed_attempts=0, locked_until=None, last_login_at=at)

    # ----------------------------------------------------------------- invitations

    def add_invitation(
        self,
        token_hash: str,
        round_id: int,
        respondent_id: int,
        *,
        email: str | None = None,
        reminders: int = 0,
    ) -> InvitationRecord:
        """A new invitation; `email` is the encrypted address it will be mailed to."""
        row = InvitationRow(
            token_hash=token_hash,
            round_id=round_id,
            respondent_id=respondent_id,
            created_at=now(),
            revoked=False,
            email=email,
            reminders=reminders,
        )
        with self._session(write=True) as s:
            s.add(row)
            s.flush()
            return to_domain(InvitationRecord, row)

    def find_invitation(self, token_hash: str) -> InvitationRecord | None:
        with self._session() as s:
            row = s.scalars(
                select(InvitationRow).where(InvitationRow.token_hash == token_hash)
            ).first()
            return None if row is None else to_domain(InvitationRecord, row)

    def get_invitation(self, invitation_id: int, *, lock: bool = False) -> InvitationRecord:
        """The invitation; with ``lock`` share-locked like :meth:`get_account`, so a revoke
        cannot commit between the check and the write of a respondent's answer."""
        with self._session() as s:
            return to_domain(InvitationRecord, get_row(s, InvitationRow, invitation_id, **_share(lock)))

    def invitation_revoked(self, invitation_id: int, *, lock: bool = False) -> bool:
        """Whether the invitation is revoked (one column: the check on every answer
        click, issue 24); with ``lock`` share-locked like :meth:`get_invitation`."""
        with self._session() as s:
            revoked = s.execute(
                _INVITATION_REVOKED_LOCKED if lock else _INVITATION_REVOKED, {"invitation_id": invitation_id}
            ).scalar_one_or_none()
        if revoked is None:
            raise NotFoundError(MISSING[InvitationRow].format(invitation_id))
        return bool(revoked)

    def list_invitations(self, round_id: int) -> list[InvitationRecord]:
        with self._session() as s:
            rows = s.scalars(
                select(InvitationRow)
                .where(InvitationRow.round_id == round_id)
                .order_by(InvitationRow.id)
            )
            return all_to_domain(InvitationRecord, rows)

    def revoke_invitation(self, invitation_id: int) -> InvitationRecord:
        with self._session(write=True) as s:
            row = get_row(s, InvitationRow, invitation_id, with_for_update=True)
            row.revoked = True
            s.flush()
            return to_domain(InvitationRecord, row)

    # ----------------------------------------------------------------- mailed invitations

    def mark_invitation_mailed(self, invitation_id: int, at: dt.datetime, *, reminder: bool) -> None:
        """Record that the invitation (or a reminder of it) was sent at `at`."""
        values = (
            {"reminded_at": at, "mailed_at": at, "reminders": InvitationRow.reminders + 1}
            if reminder
            else {"mailed_at": at}
        )
        with self._session(write=True) as s:
            s.execute(
                update(InvitationRow)
                .where(InvitationRow.id == invitation_id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )

    def clear_invitation_email(self, invitation_id: int) -> None:
        """Forget the address of one invitation (revoked, or handed on to a newer link)."""
        with self._session(write=True) as s:
            s.execute(
                update(InvitationRow)
                .where(InvitationRow.id == invitation_id)
                .values(email=None)
                .execution_options(synchronize_session=False)
            )

    def clear_round_emails(self, round_id: int) -> int:
        """Forget every address of the round's invitations; returns how many there were."""
        with self._session(write=True) as s:
            return s.execute(
                update(InvitationRow)
                .where(InvitationRow.round_id == round_id, InvitationRow.email.is_not(None))
                .values(email=None)
                .execution_options(synchronize_session=False)
            ).rowcount or 0


_INVITATION_REVOKED = select(InvitationRow.revoked).where(InvitationRow.id == bindparam("invitation_id"))
_INVITATION_REVOKED_LOCKED = _INVITATION_REVOKED.with_for_update(read=True)  # FOR SHARE on PostgreSQL


def _share(lock: bool) -> dict:
    return {"with_for_update": {"read": True}} if lock else {}
