"""A running portal for the end-to-end tests: a stores directory with the dermatomyositis trial's
store (settings from the committed sample data), accounts of each role made with `immunopipe users
add`, and `immunopipe serve` on a free loopback port."""
import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STUDY = "NCT05495321"
SAMPLE = ROOT / "sample-data" / STUDY


def binary():
    return os.environ.get("IMMUNOPIPE_BIN", str(ROOT / ".build" / "debug" / "immunopipe"))


class Portal:
    def __init__(self, base, stores, tokens, passwords):
        self.base, self.stores, self.tokens, self.passwords = base, stores, tokens, passwords

    def auth(self, name):
        return {"Authorization": f"Bearer {self.tokens[name]}"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    stores = tmp_path_factory.mktemp("stores")
    subprocess.run([binary(), "init", str(stores / STUDY), "--study", STUDY], check=True, capture_output=True)
    (stores / f"{STUDY}.portal.json").write_text(json.dumps({
        "panel": str(ROOT / "pipelines/panels/treg-tfh-flowjo.yaml"),
        "manifest": str(SAMPLE / "manifest.csv"),
        "definition": str(ROOT / f"pipelines/studies/{STUDY}.yaml"),
        "clinical": str(SAMPLE / "clinical"),
    }))
    tokens, passwords = {}, {}
    for name, role, site in [("lab-a", "lab", "A"), ("lab-b", "lab", "B"), ("res", "researcher", None),
                             ("stat", "statistician", None)]:
        args = [binary(), "users", "add", "--stores", str(stores), name, "--role", role, "--study", STUDY]
        if site:
            args += ["--site", site]
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        lines = dict(line.split(": ", 1) for line in out.splitlines() if line.startswith(("token: ", "password: ")))
        tokens[name], passwords[name] = lines["token"], lines["password"]
    port = free_port()
    server = subprocess.Popen([binary(), "serve", "--stores", str(stores), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/api/v1/openapi.yaml", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.time() > deadline:
                server.kill()
                raise RuntimeError("the portal did not start: " + server.stderr.read().decode(errors="replace"))
            time.sleep(0.2)
    yield Portal(base, stores, tokens, passwords)
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
