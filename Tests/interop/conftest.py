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


def sample_report(binary: Path, tmp: Path, study: str = "NCT05495321", unblind: bool = False) -> tuple[Path, Path]:
    """The sample trial's store (FlowJo exports, manifest, blood counts) and its report: returns
    the report directory and the store (whose results/ holds the tables stored back)."""
    data = ROOT / "sample-data" / study
    store = tmp / "store"
    run(binary, "init", store, "--study", study)
    run(binary, "ingest", store, data / "exports", "--panel", ROOT / "pipelines/panels/treg-tfh-flowjo.yaml",
        "--manifest", data / "manifest.csv", "--blood-counts", data / "clinical/blood_counts.csv", ok=(0, 1))
    out = tmp / "report"
    unblinding = ["--unblind", data / "sealed/randomization.csv"] if unblind else []
    run(binary, "report", store, "--study", ROOT / f"pipelines/studies/{study}.yaml", "--clinical", data / "clinical",
        *unblinding, "--out", out, ok=(0, 1))
    return out, store
