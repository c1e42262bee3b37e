"""The API's OpenAPI document: valid OpenAPI 3, and the running server answers as it says
(schemathesis, bounded: a few examples per operation, only loopback)."""
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

from conftest import STUDY


def test_document_is_valid_openapi(portal):
    doc = yaml.safe_load(urllib.request.urlopen(portal.base + "/api/v1/openapi.yaml").read())
    validate(doc)
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/studies/{study}/uploads" in doc["paths"]


@pytest.mark.parametrize("account,only", [("stat", None), ("lab-a", "upload")])
def test_server_conforms_to_its_document(portal, tmp_path, account, only):
    """Every operation as a statistician, and the upload as a lab (statisticians may not upload)."""
    st = Path(sys.executable).parent / "st"
    # The study parameter is fixed to the served study so the operations get past membership.
    (tmp_path / "schemathesis.toml").write_text(f'[parameters]\nstudy = "{STUDY}"\n')
    args = [str(st), "run", portal.base + "/api/v1/openapi.yaml",
            "--url", portal.base,
            "--header", f"Authorization: Bearer {portal.tokens[account]}",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--max-examples", "8",
            "--phases", "examples,fuzzing",
            "--request-timeout", "60",
            "--no-color"]
    if only:
        args += ["--include-operation-id", only]
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    print(result.stdout[-6000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
