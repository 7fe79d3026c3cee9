"""The mail adapter's pure parts: the pasted list of addresses, the texts and their
placeholders, the encryption of stored addresses, and the mail settings."""

from __future__ import annotations

import pytest

from readiness.config import SettingsError, load_settings
from readiness.mail import (
    DEFAULT_TEXTS,
    AddressBox,
    AddressError,
    TemplateError,
    check_template,
    new_key,
    parse_addresses,
    render,
)


def test_a_pasted_list_gives_each_address_once_in_order():
    pasted = "a@corp.nl\nJan de Vries <b@corp.nl>; c@corp.nl, A@CORP.NL\n\n  d@sub.corp.nl  "
    assert parse_addresses(pasted) == ["a@corp.nl", "b@corp.nl", "c@corp.nl", "d@sub.corp.nl"]


@pytest.mark.parametrize("bad", ["jan", "jan@", "@corp.nl", "jan@corp", "jan@@corp.nl", "jan@corp..nl"])
def test_an_entry_that_is_no_address_is_named_by_its_position(bad):
    with pytest.raises(AddressError, match=rf"nr\. 2 \('{bad}'\).*Er is niemand uitgenodigd"):
        parse_addresses(f"a@corp.nl\n{bad}\nb@corp.nl")


def test_an_empty_list_is_refused():
    with pytest.raises(AddressError, match="minstens één e-mailadres"):
        parse_addresses(" \n ")


def test_the_built_in_texts_can_be_sent_and_fill_in_every_placeholder():
    values = {"corporatie": "De Linde", "meting": "Nulmeting", "rol": "Bestuur", "sluitingsdatum": "1 juni 2026",
              "link": "https://x/?uitnodiging=abc"}  # fmt: skip
    for subject, body in DEFAULT_TEXTS.values():
        check_template(subject, body)
        text = render(subject, values) + render(body, values)
        assert "{" not in text and "https://x/?uitnodiging=abc" in text and "De Linde" in text


@pytest.mark.parametrize(
    ("subject", "body", "message"),
    [
        ("", "{link}", "onderwerp is leeg"),
        ("Twee\nregels", "{link}", "één regel"),
        ("Doe mee", "Klik hier", r"moet \{link\} bevatten"),
        ("Doe mee {link}", "{link}", r"niet in het onderwerp"),
        ("Doe mee", "{link} {naam.__class__}", r"Onbekende invulplek in de tekst: \{naam.__class__\}"),
    ],
)
def test_a_text_that_cannot_be_sent_is_refused(subject, body, message):
    with pytest.raises(TemplateError, match=message):
        check_template(subject, body)


def test_rendering_evaluates_nothing_but_the_known_placeholders():
    assert render("{link} {0} {x.y} {{link}}", {"link": "L"}) == "L {0} {x.y} {L}"


def test_addresses_are_sealed_and_only_the_same_key_opens_them():
    box = AddressBox(new_key())
    sealed = box.seal("a.jansen@corp.nl")
    assert "jansen" not in sealed and box.seal("a.jansen@corp.nl") != sealed  # random per seal
    assert box.open(sealed) == "a.jansen@corp.nl"
    assert AddressBox(new_key()).open(sealed) is None


def test_mail_settings_are_read_in_one_place_and_checked():
    env = {"VOORDEURCHECK_SMTP_HOST": "smtp.corp.nl", "VOORDEURCHECK_SMTP_SENDER": "vdc@corp.nl",
           "VOORDEURCHECK_MAIL_KEY": new_key()}  # fmt: skip
    smtp = load_settings(env).smtp
    assert (smtp.host, smtp.port, smtp.starttls, smtp.user) == ("smtp.corp.nl", 587, True, "")
    assert load_settings({}).smtp is None
    with pytest.raises(SettingsError, match="allebei"):
        load_settings(env | {"VOORDEURCHECK_SMTP_USER": "vdc"})
    with pytest.raises(SettingsError, match="e-mailadres"):
        load_settings(env | {"VOORDEURCHECK_SMTP_SENDER": "voordeurcheck"})
    with pytest.raises(SettingsError, match="STARTTLS"):
        load_settings(env | {"VOORDEURCHECK_SMTP_STARTTLS": "misschien"})
    with pytest.raises(SettingsError, match="SMTP_PORT"):
        load_settings(env | {"VOORDEURCHECK_SMTP_PORT": "99999"})


def test_the_smtp_password_and_the_mail_key_are_not_in_the_settings_repr():
    key = new_key()
    env = {"VOORDEURCHECK_SMTP_HOST": "smtp.corp.nl", "VOORDEURCHECK_SMTP_SENDER": "vdc@corp.nl",
           "VOORDEURCHECK_MAIL_KEY": key, "VOORDEURCHECK_SMTP_USER": "vdc",
           "VOORDEURCHECK_SMTP_PASSWORD": "Geheim-wachtwoord-42"}  # fmt: skip
    shown = repr(load_settings(env))
    assert "Geheim-wachtwoord-42" not in shown and key not in shown
