"""Settings, read from the environment in one place (never at import time elsewhere)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CHECKLIST = PROJECT_ROOT / "checklist" / "items.yaml"
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "voordeurcheck.db"
DEFAULT_REPORTS_DIR = PROJECT_ROOT / "reports"

MIN_GROUP_FLOOR = 3  # below this an anonymised aggregate is never allowed
#: Upper limits of the configured sector privacy budgets (zCDP ρ). Above them a change of
#: one corporation's record (4ρ, docs/sector-guarantee.md) is no longer meaningfully hidden.
MAX_SECTOR_RHO = 1.0
MAX_SECTOR_YEARLY_RHO = 2.0


class SettingsError(ValueError):
    """A setting (environment variable) has a value the app cannot use; Dutch message."""


@dataclass(frozen=True)
class SmtpSettings:
    """The mail server that sends invitations and reminders (VOORDEURCHECK_SMTP_*).

    ``mail_key`` (VOORDEURCHECK_MAIL_KEY) encrypts the e-mail addresses stored on
    invitations; it is required with a mail server, so no address is stored readable.
    """

    host: str
    sender: str
    mail_key: str = field(repr=False)
    port: int = 587
    starttls: bool = True
    user: str = ""
    password: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if not 1 <= self.port <= 65535:
            raise SettingsError(f"VOORDEURCHECK_SMTP_PORT {self.port} moet tussen 1 en 65535 liggen.")
        if "@" not in self.sender:
            raise SettingsError(
                f"VOORDEURCHECK_SMTP_SENDER {self.sender!r} moet een e-mailadres zijn, bijvoorbeeld "
                "voordeurcheck@corporatie.nl (of 'Voordeurcheck <voordeurcheck@corporatie.nl>')."
            )
        if not self.mail_key:
            raise SettingsError(
                "Met een mailserver (VOORDEURCHECK_SMTP_HOST) is ook VOORDEURCHECK_MAIL_KEY nodig: de sleutel "
                "waarmee e-mailadressen versleuteld worden bewaard. Maak er een met: readiness mail-key"
            )
        if bool(self.user) != bool(self.password):
            raise SettingsError(
                "Geef VOORDEURCHECK_SMTP_USER en VOORDEURCHECK_SMTP_PASSWORD allebei op, of allebei niet."
            )


@dataclass(frozen=True)
class Settings:
    database_url: str
    checklist_path: Path
    reports_dir: Path
    min_group_size: int = 5
    target_level: int = 3
    demo: bool = True
    mode: str = "local"  # "local" (no login, loopback only) or "shared" (login required)
    base_url: str = "http://localhost:8501"  # where invitation links point (shared mode)
    sector_rho: float = 0.5  # privacy budget (zCDP ρ) of one sector publication
    sector_yearly_rho: float = 1.0  # privacy budget of all sector publications in any 365 days
    sector_publishers: tuple[str, ...] = ()  # denktank usernames that may create publications
    smtp: SmtpSettings | None = None  # None: no mail; the app shows invitation links to copy

    def __post_init__(self) -> None:
        if self.min_group_size < MIN_GROUP_FLOOR:
            raise SettingsError(
                f"De minimale groepsgrootte is {self.min_group_size}; "
                f"die moet minstens {MIN_GROUP_FLOOR} zijn om corporaties niet herkenbaar te maken."
            )
        if not 1 <= self.target_level <= 4:
            raise SettingsError(f"Het streefniveau {self.target_level} moet tussen 1 en 4 liggen.")
        if self.sector_rho > MAX_SECTOR_RHO:
            raise SettingsError(
                f"VOORDEURCHECK_SECTOR_RHO = {_nl(self.sector_rho)} is te hoog: het privacybudget per publicatie "
                f"is hooguit {_nl(MAX_SECTOR_RHO)}. Daarboven is een verandering in de gegevens van één corporatie "
                "(4ρ) niet meer wezenlijk verborgen."
            )
        if self.sector_yearly_rho > MAX_SECTOR_YEARLY_RHO:
            raise SettingsError(
                f"VOORDEURCHECK_SECTOR_YEARLY_RHO = {_nl(self.sector_yearly_rho)} is te hoog: het privacybudget "
                f"per 365 dagen is hooguit {_nl(MAX_SECTOR_YEARLY_RHO)}."
            )
        if not (0 < self.sector_rho <= self.sector_yearly_rho):
            raise SettingsError(
                f"Het privacybudget per publicatie (ρ = {_nl(self.sector_rho)}) moet groter dan 0 zijn en "
                f"niet groter dan het budget per 365 dagen (ρ = {_nl(self.sector_yearly_rho)})."
            )
        if self.mode not in ("local", "shared"):
            raise SettingsError(f"Onbekende modus {self.mode!r}: kies 'local' of 'shared'.")
        if not self.base_url.startswith(("http://", "https://")):
            raise SettingsError(
                f"VOORDEURCHECK_BASE_URL {self.base_url!r} moet met http:// of https:// beginnen, "
                "bijvoorbeeld https://voordeurcheck.example.nl."
            )


def _nl(value: float) -> str:
    """A number in Dutch notation (decimal comma) for a message."""
    return f"{value:g}".replace(".", ",")


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Build settings from environment variables (VOORDEURCHECK_*, DATABASE_URL)."""
    env = dict(os.environ if env is None else env)
    db_url = env.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}"
    return Settings(
        database_url=db_url,
        checklist_path=Path(env.get("VOORDEURCHECK_CHECKLIST", DEFAULT_CHECKLIST)),
        reports_dir=Path(env.get("VOORDEURCHECK_REPORTS", DEFAULT_REPORTS_DIR)),
        min_group_size=_int(env, "VOORDEURCHECK_MIN_GROUP", 5),
        target_level=_int(env, "VOORDEURCHECK_TARGET", 3),
        demo=env.get("VOORDEURCHECK_DEMO", "1") not in ("0", "false", "no"),
        mode=env.get("VOORDEURCHECK_MODE", "local"),
        base_url=(env.get("VOORDEURCHECK_BASE_URL") or "http://localhost:8501").rstrip("/"),
        sector_rho=_float(env, "VOORDEURCHECK_SECTOR_RHO", 0.5),
        sector_yearly_rho=_float(env, "VOORDEURCHECK_SECTOR_YEARLY_RHO", 1.0),
        sector_publishers=tuple(
            name.strip().lower() for name in env.get("VOORDEURCHECK_SECTOR_PUBLISHERS", "").split(",") if name.strip()
        ),
        smtp=_smtp(env),
    )


def _smtp(env: dict[str, str]) -> SmtpSettings | None:
    """The mail server settings, or None when VOORDEURCHECK_SMTP_HOST is not set."""
    host = env.get("VOORDEURCHECK_SMTP_HOST", "").strip()
    if not host:
        return None
    starttls = env.get("VOORDEURCHECK_SMTP_STARTTLS", "1").strip().lower()
    if starttls not in ("1", "true", "yes", "ja", "0", "false", "no", "nee"):
        raise SettingsError(f"VOORDEURCHECK_SMTP_STARTTLS is {starttls!r}; gebruik 1 (aan) of 0 (uit).")
    return SmtpSettings(
        host=host,
        port=_int(env, "VOORDEURCHECK_SMTP_PORT", 587),
        starttls=starttls in ("1", "true", "yes", "ja"),
        user=env.get("VOORDEURCHECK_SMTP_USER", "").strip(),
        password=env.get("VOORDEURCHECK_SMTP_PASSWORD", ""),
        sender=env.get("VOORDEURCHECK_SMTP_SENDER", "").strip(),
        mail_key=env.get("VOORDEURCHECK_MAIL_KEY", "").strip(),
    )


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        shown = raw if len(raw) <= 40 else raw[:39] + "…"
        raise SettingsError(f"{name} is {shown!r}; dat moet een geheel getal zijn (standaard {default}).") from None


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        shown = raw if len(raw) <= 40 else raw[:39] + "…"
        raise SettingsError(f"{name} is {shown!r}; dat moet een getal zijn (standaard {default}).") from None
