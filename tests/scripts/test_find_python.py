"""scripts/find-python.sh finds an interpreter by version, or stops with one sentence naming what to install."""
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "find-python.sh"


def test_finds_the_interpreter_of_the_requested_version() -> None:
    wanted = "%d.%d" % sys.version_info[:2]
    out = subprocess.run(["bash", str(SCRIPT), wanted], capture_output=True, text=True, check=True).stdout.strip()
    version = subprocess.run([out, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version == wanted


def test_missing_interpreter_fails_with_one_sentence_naming_it(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "no-pyenv")}
    result = subprocess.run(["bash", str(SCRIPT), "2.4", "bot"], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Python 2.4" in lines[0] and "install" in lines[0]
