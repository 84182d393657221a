"""Schemathesis fuzzes the live API from its own OpenAPI schema, served by a test server
(pytest-django's live server, on SQLite or PostgreSQL like the rest of the suite): no
server error, and every response — status code, content type, headers and body —
conforms to the schema. Examples per operation are kept low (SCHEMATHESIS_MAX_EXAMPLES,
6 by default) so that the run takes well under a minute."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


def schemathesis_command():
    script = Path(sys.executable).with_name("st")
    return str(script) if script.exists() else shutil.which("st")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_schemathesis_finds_no_error_in_the_live_api(live_server, world, settings, tmp_path):
    settings.OPENDATA_API_RATE = "1000000/minute"  # the fuzzer is one client; its 429s would hide cases
    command = schemathesis_command()
    assert command, "schemathesis is not installed (requirements-dev.txt)"
    result = subprocess.run(  # noqa: S603 — our own tool on our own test server
        [
            command,
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--checks",
            CHECKS,
            "--max-examples",
            os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "6"),
            "--phases",
            "examples,coverage,fuzzing",
            "--workers",
            "1",
            "--seed",
            os.environ.get("SCHEMATHESIS_SEED", "17"),
            "--generation-database",
            "none",
            "--request-timeout",
            "30",
            "--no-color",
            "--report",
            "junit",
            "--report-junit-path",
            str(tmp_path / "schemathesis.xml"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    summary = output[output.rfind("SUMMARY") :] if "SUMMARY" in output else output[-3000:]
    print(summary)  # operations and test cases, shown with -s or on failure
    assert result.returncode == 0, output[-6000:]
    tested = re.search(r"Tested:\s*(\d+)", output)
    assert tested and int(tested.group(1)) >= 18, summary  # every list and record operation
    assert re.search(r"(\d+) generated", output), summary
