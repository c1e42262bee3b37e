"""Shared fixtures: the immunopipe binary and a fresh store built from CSV files."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def binary() -> Path:
    path = Path(os.environ.get("IMMUNOPIPE_BIN", ROOT / ".build/debug/immunopipe"))
    if not path.is_absolute():
        path = ROOT / path
    assert path.exists(), f"build immunopipe first: {path} is missing"
    return path


def run(binary: Path, *args: str, ok=(0,)) -> subprocess.CompletedProcess:
    p = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True)
    assert p.returncode in ok, f"immunopipe {' '.join(map(str, args))} exited {p.returncode}\n{p.stdout}\n{p.stderr}"
    return p
