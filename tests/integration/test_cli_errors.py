"""Issue 23: the command line says what is wrong in Dutch and never shows a traceback: a
checklist nested 1,000 levels deep, and output piped into a reader that stops early
(``readiness orgs | head``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import deeply_nested_checklist

ROOT = Path(__file__).resolve().parents[2]
READINESS = str(Path(sys.executable).with_name("readiness"))


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOORDEURCHECK_")}
    return {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", **extra}


@pytest.mark.parametrize("style", ["block", "flow", "mapping"])
def test_a_checklist_nested_1000_levels_gives_a_dutch_message(tmp_path, style):
    path = tmp_path / "items.yaml"
    path.write_text(deeply_nested_checklist((ROOT / "checklist" / "items.yaml").read_text("utf-8"), 1000, style))
    done = subprocess.run([READINESS, "seed-demo"], env=env_for(tmp_path, VOORDEURCHECK_CHECKLIST=str(path)),
                          capture_output=True, text=True, timeout=120, cwd=ROOT)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"Fout: {path}: regel ")
    assert "dieper genest dan 20 niveaus" in done.stderr
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr


def test_orgs_into_a_pipe_that_closes_early_exits_quietly(tmp_path):
    env = env_for(tmp_path)
    subprocess.run([READINESS, "seed-demo"], env=env, capture_output=True, timeout=120, check=True, cwd=ROOT)
    reader = subprocess.Popen([READINESS, "orgs"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    reader.stdout.close()  # like `head` that has read its lines and gone
    stderr = reader.stderr.read().decode()
    reader.wait(timeout=60)
    assert stderr == "", stderr
    assert reader.returncode in (0, 1)


def test_pydantic_messages_reach_the_command_line_in_dutch():
    from readiness.cli import _dutch
    from readiness.models import Answer

    with pytest.raises(ValueError) as refused:
        Answer(respondent_id="x", item_id="dra-01", kind="score", score=9)
    message = _dutch(refused.value)
    assert message == "ongeldige invoer: veld 'respondent_id': moet een geheel getal zijn; veld 'score': mag hoogstens 4 zijn"


# --------------------------------------------------------------------------- control characters


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([READINESS, *args], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.fixture
def demo_env(tmp_path) -> dict[str, str]:
    env = env_for(tmp_path)
    subprocess.run([READINESS, "seed-demo"], env=env, capture_output=True, timeout=120, check=True, cwd=ROOT)
    return env


@pytest.mark.parametrize(
    ("args", "field", "code"),
    [
        (["invite", "demo-huisvesting-kempenhof", "--round", "Meting 2026", "--role", "management",
          "--label", "Team\x1b[2JNoord"], "Omschrijving respondent", "U+001B"),
        (["publish", "Sector\x07beeld 2026"], "Naam van de publicatie", "U+0007"),
        (["publish", "Sectorbeeld\x85 2026"], "Naam van de publicatie", "U+0085"),
    ],
    ids=["invitation label with ESC", "publication label with BEL", "publication label with NEL (C1)"],
)  # fmt: skip
def test_a_control_character_on_the_command_line_is_refused_in_dutch(demo_env, args, field, code):
    before = (_run(["rounds", "demo-huisvesting-kempenhof"], demo_env).stdout, _run(["publications"], demo_env).stdout)
    done = _run(args, demo_env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"Fout: Het veld '{field}' bevat een onzichtbaar stuurteken ({code}) op positie ")
    assert "Traceback" not in done.stderr and "\x1b" not in done.stderr and "\x07" not in done.stderr
    after = (_run(["rounds", "demo-huisvesting-kempenhof"], demo_env).stdout, _run(["publications"], demo_env).stdout)
    assert after == before  # nothing written: no respondent added, no publication


def test_a_nul_reaches_the_command_line_only_in_process_and_is_refused_there_too(demo_env, monkeypatch, capsys):
    """An operating system cannot pass a NUL in an argument (execve ends the string there),
    so a NUL is given to ``main`` directly, as a script calling the command line would."""
    from readiness.cli import main

    monkeypatch.setenv("DATABASE_URL", demo_env["DATABASE_URL"])
    code = main(["invite", "demo-huisvesting-kempenhof", "--round", "Meting 2026", "--role", "management",
                 "--label", "Team\x00Noord"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("Fout: Het veld 'Omschrijving respondent' bevat een onzichtbaar stuurteken (U+0000) op positie 5")
    assert "\x00" not in err


def test_a_message_quoting_the_users_input_does_not_pass_an_escape_to_the_terminal(demo_env):
    done = _run(["invite", "demo-huisvesting-kempenhof", "--round", "Meting\x1b[31m", "--role", "management"], demo_env)
    assert done.returncode == 2
    assert "heeft geen meting met de naam 'Meting\ufffd[31m'" in done.stderr and "\x1b" not in done.stderr
