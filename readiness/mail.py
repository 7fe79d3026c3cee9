"""Mail adapter: the messages Voordeurcheck sends (invitation, reminder), their Dutch
texts, the list of addresses a coordinator pastes, the encryption of stored addresses
and the SMTP connection (standard library ``smtplib``).

Privacy: an address is used for exactly one message to exactly one person (one ``To``,
no copies), and is stored only encrypted (:class:`AddressBox`, Fernet from the
``cryptography`` package, with the key VOORDEURCHECK_MAIL_KEY). A message holds the
corporation, the round, the role, the closing date and the one personal link: nothing
about any other respondent.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr

from readiness.config import SmtpSettings

INVITATION = "uitnodiging"
REMINDER = "herinnering"
KINDS = (INVITATION, REMINDER)
KIND_LABELS = {INVITATION: "Uitnodiging", REMINDER: "Herinnering"}

#: The placeholders a text may use, with what they stand for (shown next to the editor).
PLACEHOLDERS = {
    "corporatie": "naam van de corporatie",
    "meting": "naam van de meting",
    "rol": "rol van de respondent, bijvoorbeeld Uitvoering",
    "sluitingsdatum": "de sluitingsdatum, of 'nog niet vastgesteld'",
    "link": "de persoonlijke link (verplicht in de tekst)",
}

# One line per paragraph: mail programs wrap the lines to the reader's window.
DEFAULT_TEXTS: dict[str, tuple[str, str]] = {
    INVITATION: (
        "Uitnodiging: vragenlijst Signaleren achter de voordeur ({corporatie})",
        """Beste collega,

{corporatie} onderzoekt hoe goed de organisatie is voorbereid op het signaleren van huiselijk geweld en kindermishandeling achter de voordeur (handreiking 'Signaleren achter de voordeur', Kadera 2018). Wij vragen u als {rol} de vragenlijst van de meting '{meting}' in te vullen. Dat kost ongeveer twintig minuten.

Uw persoonlijke link (deel hem niet met anderen):
{link}

U hebt geen account nodig. Uw antwoorden worden alleen met uw rol vastgelegd, niet met uw naam.

Sluitingsdatum: {sluitingsdatum}.

Met vriendelijke groet,
De coördinator van de meting bij {corporatie}
""",
    ),
    REMINDER: (
        "Herinnering: vragenlijst Signaleren achter de voordeur ({corporatie})",
        """Beste collega,

U bent uitgenodigd om als {rol} de vragenlijst van de meting '{meting}' van {corporatie} in te vullen, maar uw antwoorden zijn nog niet compleet. Wilt u de vragenlijst afmaken? Wat u al hebt ingevuld, blijft bewaard.

Uw persoonlijke link (deel hem niet met anderen):
{link}

Sluitingsdatum: {sluitingsdatum}.

Met vriendelijke groet,
De coördinator van de meting bij {corporatie}
""",
    ),
}

MAX_SUBJECT = 200
MAX_BODY = 5000
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Deliberately plain: one @, a dot in the domain, no spaces or separators.
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
_SEPARATORS = re.compile(r"[\s,;]+")
MAX_ADDRESSES = 200  # in one paste


class MailError(RuntimeError):
    """Sending did not work (Dutch message, without the address or the password)."""


class TemplateError(ValueError):
    """A text that cannot be used as a message (Dutch message)."""


class AddressError(ValueError):
    """A pasted list with entries that are not e-mail addresses (Dutch message)."""


# --------------------------------------------------------------------------- addresses


def parse_addresses(text: str) -> list[str]:
    """The distinct addresses in a pasted list (one per line, or separated by commas,
    semicolons or spaces; ``Naam <adres>`` is taken as the address), in order.

    AddressError names every entry that is not an address, by its position."""
    entries = [e for e in _SEPARATORS.split(_strip_names(text or "")) if e]
    bad = [f"nr. {i} ('{_short(e)}')" for i, e in enumerate(entries, 1) if not _ADDRESS.match(e)]
    if bad:
        raise AddressError(
            "Dit is geen e-mailadres: " + ", ".join(bad[:10]) + (f" en nog {len(bad) - 10}" if len(bad) > 10 else "")
            + ". Zet één adres per regel, zoals naam@corporatie.nl. Er is niemand uitgenodigd."
        )
    seen: dict[str, str] = {}
    for entry in entries:
        seen.setdefault(entry.lower(), entry)
    if not seen:
        raise AddressError("Plak minstens één e-mailadres, één per regel.")
    if len(seen) > MAX_ADDRESSES:
        raise AddressError(
            f"Dat zijn {len(seen)} adressen; nodig er hoogstens {MAX_ADDRESSES} tegelijk uit. Er is niemand uitgenodigd."
        )
    return list(seen.values())


def _strip_names(text: str) -> str:
    """``Jan <jan@x.nl>`` -> ``jan@x.nl`` (as mail programs copy addresses)."""
    return re.sub(r"[^\n,;<>]*<([^<>\s]+)>", lambda m: " " + m.group(1) + " ", text)


def _short(entry: str) -> str:
    return entry if len(entry) <= 40 else entry[:39] + "…"


# --------------------------------------------------------------------------- encryption


def new_key() -> str:
    """A new VOORDEURCHECK_MAIL_KEY (32 random bytes, URL-safe base64)."""
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode("ascii")


class AddressBox:
    """Encrypts an address for storage and decrypts it to send a reminder."""

    def __init__(self, key: str) -> None:
        from cryptography.fernet import Fernet

        try:
            self._fernet = Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise MailError(
                "VOORDEURCHECK_MAIL_KEY is geen geldige sleutel (44 tekens, gemaakt met: readiness mail-key)."
            ) from None

    def seal(self, address: str) -> str:
        return self._fernet.encrypt(address.encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> str | None:
        """The address, or None when it was sealed with another key."""
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError):
            return None


# --------------------------------------------------------------------------- texts


def check_template(subject: str, body: str) -> None:
    """Refuse a text that cannot be sent: TemplateError (Dutch) says what is wrong."""
    if not subject.strip():
        raise TemplateError("Het onderwerp is leeg.")
    if "\n" in subject.strip() or "\r" in subject:
        raise TemplateError("Het onderwerp moet op één regel staan.")
    if len(subject) > MAX_SUBJECT or len(body) > MAX_BODY:
        raise TemplateError(f"Houd het onderwerp onder {MAX_SUBJECT} en de tekst onder {MAX_BODY} tekens.")
    for part, where in ((subject, "het onderwerp"), (body, "de tekst")):
        unknown = sorted({m.group(1) for m in _PLACEHOLDER.finditer(part)} - set(PLACEHOLDERS))
        if unknown:
            raise TemplateError(
                f"Onbekende invulplek in {where}: " + ", ".join("{" + u + "}" for u in unknown)
                + ". Gebruik alleen " + ", ".join("{" + p + "}" for p in PLACEHOLDERS) + "."
            )
    if "{link}" not in body:
        raise TemplateError("De tekst moet {link} bevatten: daar komt de persoonlijke link van de respondent.")
    if "{link}" in subject:
        raise TemplateError("Zet {link} in de tekst, niet in het onderwerp.")


def render(template: str, values: dict[str, str]) -> str:
    """Fill in the placeholders (only the known ones; nothing else is evaluated)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


# --------------------------------------------------------------------------- sending


class Mailer:
    """One SMTP connection for a batch of messages: ``with Mailer(smtp).connect() as send``."""

    def __init__(self, smtp: SmtpSettings, timeout: float = 30.0) -> None:
        self.smtp = smtp
        self.timeout = timeout

    @contextmanager
    def connect(self) -> Iterator[callable]:
        try:
            server = smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=self.timeout)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(
                f"De mailserver {self.smtp.host}:{self.smtp.port} is niet bereikbaar ({type(exc).__name__}). "
                "Controleer VOORDEURCHECK_SMTP_HOST en VOORDEURCHECK_SMTP_PORT, of probeer het later opnieuw."
            ) from None
        try:
            try:
                server.ehlo()
                if self.smtp.starttls:
                    server.starttls(context=ssl.create_default_context())
                    server.ehlo()
                if self.smtp.user:
                    server.login(self.smtp.user, self.smtp.password)
            except smtplib.SMTPAuthenticationError:
                raise MailError(
                    "De mailserver weigert de inlog. Controleer VOORDEURCHECK_SMTP_USER en VOORDEURCHECK_SMTP_PASSWORD."
                ) from None
            except (OSError, smtplib.SMTPException) as exc:
                raise MailError(
                    f"De verbinding met de mailserver lukt niet ({type(exc).__name__}); controleer "
                    "VOORDEURCHECK_SMTP_STARTTLS en de poort."
                ) from None
            yield lambda message: self._send(server, message)
        finally:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()

    def _send(self, server: smtplib.SMTP, message: Message) -> None:
        mail = EmailMessage()
        name, sender = parseaddr(self.smtp.sender)
        mail["From"] = formataddr((name or "Voordeurcheck", sender))
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
        mail.set_content(message.body)
        mail["Content-Language"] = "nl"  # after set_content, which resets the Content-* headers
        try:
            server.send_message(mail)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"De mailserver nam het bericht niet aan ({type(exc).__name__}).") from None
