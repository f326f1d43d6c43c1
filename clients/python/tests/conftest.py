"""Starts the dbpass emulator on 127.0.0.1 for the session and puts the generated packages on the path."""
import json
import os
import pathlib
import signal
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
    # DBPASS_NODE: the node binary itself (scripts/test.mjs sets it); a `node` found on PATH may be a wrapper
    # script whose child would outlive it. The emulator gets its own process group, stopped whole.
    process = subprocess.Popen(
        [os.environ.get("DBPASS_NODE", "node"), str(ROOT / "packages" / "emulator" / "bin" / "dbpass-emulator.js"),
         "--port", "0", *extra],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    for line in process.stdout:
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if match:
            return process, match.group(1)
    stop_emulator(process)
    raise RuntimeError("the emulator did not start (run `turbo run build` first)")


def stop_emulator(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)
    process.stdout.close()


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
    stop_emulator(process)


@pytest.fixture(scope="session")
def seed():
    return SEED
