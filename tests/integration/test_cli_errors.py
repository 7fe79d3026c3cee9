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
