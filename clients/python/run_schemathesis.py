"""Runs schemathesis against the emulator with each bundled spec (clients/.build/specs, from scripts/generate.mjs)
and fails on any failure. TaurusDB: an IAM token from the emulator's IAM as the X-Auth-Token header (the spec's
`iamToken` scheme). OceanBase: HTTP Digest with the seed AccessKey (schemathesis_hooks.py)."""
import os
import pathlib
import re
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
CLIENTS = HERE.parent
sys.path.insert(0, str(HERE / "tests"))
from conftest import SEED, iam_token, start_emulator, stop_emulator  # noqa: E402

ST = str(pathlib.Path(sys.executable).parent / "st")


def run(name, base_url, *extra, env=None):
    spec = CLIENTS / ".build" / "specs" / f"{name}.json"
    command = [ST, "--no-color", "--config-file", str(HERE / f"schemathesis-{name}.toml"), "run", str(spec),
               "--url", base_url, *extra]
    result = subprocess.run(command, cwd=CLIENTS / ".build", env={**os.environ, **(env or {})},
                            capture_output=True, text=True)
    output = result.stdout + result.stderr
    operations = re.search(r"Tested: (\d+)", output)
    cases = re.search(r"Test cases:\s*\n\s*(.+)", output)
    summary = f"schemathesis {name}: {operations.group(1) if operations else '?'} operations, {cases.group(1).strip() if cases else '?'}"
    failed = result.returncode != 0 or re.search(r"\d+ (unique )?failures?", cases.group(1) if cases else "") is not None
    if failed:
        print(output)
    print(summary)
    return not failed


def main():
    process, url = start_emulator()
    try:
        ok = run("taurusdb", url, "-H", f"X-Auth-Token:{iam_token(url)}")
        ob = SEED["ob"]
        ok = run("oceanbase", url, env={"SCHEMATHESIS_HOOKS": "schemathesis_hooks", "PYTHONPATH": str(HERE),
                                        "DBPASS_OB_ACCESS_KEY_ID": ob["ak"], "DBPASS_OB_ACCESS_KEY_SECRET": ob["secret"]}) and ok
    finally:
        stop_emulator(process)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
