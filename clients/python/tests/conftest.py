"""Starts the dbpass emulator on 127.0.0.1 for the session and puts the generated packages on the path."""
import json
import pathlib
import re
import subprocess
import sys
import urllib.request

import pytest

CLIENTS = pathlib.Path(__file__).resolve().parents[2]
ROOT = CLIENTS.parent
sys.path[:0] = [str(CLIENTS / "python" / "taurusdb"), str(CLIENTS / "python" / "oceanbase")]

# Seed values of packages/emulator/src/seed.ts.
SEED = {
    "project_id": "0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b",
    "ak": "DBPASSEMULATORAK0001",
    "sk": "emulatorSecretKey0001emulatorSecretKey01",
    "region": "cn-north-4",
    "taurusdb": "6f0d8b1c2a3e4f5061728394a5b6c7d8in07",
    "starrocks": "7a1e9c2d3b4f5a6071829304b5c6d7e8in16",
    "clickhouse": "8b2fa03e4c5d6b7182930415c6d7e8f9in16",
    "unknown": "00000000000000000000000000000000in07",
    "iam": {"domain": "dbpass-demo", "user": "rotator", "password": "Emulator-IAM-pass1"},
    "ob": {"ak": "OBEMULATORAK0001", "secret": "obEmulatorSecret0001", "project": "li15c8s987d2arse12345678",
           "instance": "obcluster-demo01", "tenant": "t4demo0001"},
}


def start_emulator(*extra):
    """The emulator as a child process and its base URL (it prints `listening on <url>`)."""
    process = subprocess.Popen(
        ["node", str(ROOT / "packages" / "emulator" / "bin" / "dbpass-emulator.js"), "--port", "0", *extra],
        stdout=subprocess.PIPE, text=True)
    for line in process.stdout:
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if match:
            return process, match.group(1)
    process.kill()
    raise RuntimeError("the emulator did not start (run `turbo run build` first)")


def iam_token(base_url):
    """A token from the emulator's IAM (KeystoneCreateUserTokenByPassword): the X-Subject-Token header."""
    iam = SEED["iam"]
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": iam["user"], "password": iam["password"], "domain": {"name": iam["domain"]}}}},
        "scope": {"project": {"id": SEED["project_id"]}}}}
    request = urllib.request.Request(f"{base_url}/v3/auth/tokens", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json;charset=utf8"}, method="POST")
    with urllib.request.urlopen(request) as response:
        assert response.status == 201
        return response.headers["X-Subject-Token"]


@pytest.fixture(scope="session")
def emulator():
    process, url = start_emulator("--job-visible-after-ms", "50", "--job-duration-ms", "200")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def seed():
    return SEED
