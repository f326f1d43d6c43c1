"""The official Huawei Python SDK (huaweicloudsdkgaussdb + huaweicloudsdkcore, from PyPI) as a real client of
the emulator, unchanged: endpoint override and AK/SK (BasicCredentials with the emulator's seed AK/SK and
project id). The four TaurusDB password operations and the job query must be accepted (signature and request)
and every response must parse into the SDK's models. Every request the SDK sends is recorded and checked
against what the spec describes (headers, content type, query), and written to .build/official-sdk-requests.json."""
import json
import pathlib
import time

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.http.http_handler import HttpHandler
from huaweicloudsdkgaussdb.v3 import (
    ClickHouseDatabaseUserPWinfo,
    GaussDBClient,
    MysqlResetPasswordRequest,
    ResetDatabasePassword,
    ResetDatabasePasswordRequest,
    ResetGaussMySqlDatabasePasswordRequest,
    ResetGaussMySqlPasswordRequest,
    ShowGaussMySqlJobInfoRequest,
    StarRocksDatabaseUserPWinfo,
    UpdateClickHouseDatabaseUserPasswordRequest,
    UpdateStarRocksDatabaseUserPasswordRequest,
)

STRONG = "Official_Sdk-2026"
REPORT = pathlib.Path(__file__).resolve().parents[2] / ".build" / "official-sdk-requests.json"
# Request headers the spec describes (path parameters, X-Language, the akSk scheme's Authorization with its
# signed X-Sdk-Date, X-Project-Id and X-Security-Token) plus what HTTP itself carries.
SPEC_HEADERS = {"authorization", "x-sdk-date", "x-project-id", "x-security-token", "x-language", "content-type",
                "host", "content-length", "accept", "accept-encoding", "connection", "user-agent"}


@pytest.fixture(scope="module")
def sdk(emulator, seed):
    sent = []

    def record(**kwargs):
        request = kwargs["response"].request
        body = request.body.decode() if isinstance(request.body, bytes) else request.body
        sent.append({"method": request.method, "url": request.url, "headers": dict(request.headers),
                     "body": json.loads(body) if body else None, "status": kwargs["response"].status_code})

    config = HttpConfig.get_default_config()
    config.timeout = (5, 10)
    client = (GaussDBClient.new_builder()
              .with_credentials(BasicCredentials(seed["ak"], seed["sk"], seed["project_id"]))
              .with_endpoints([emulator])
              .with_http_config(config)
              .with_http_handler(HttpHandler().add_response_handler(record))
              .build())
    yield client, sent
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(sent, indent=2) + "\n")


def test_reset_root_password(sdk, seed):
    client, _ = sdk
    response = client.reset_gauss_my_sql_password(ResetGaussMySqlPasswordRequest(
        instance_id=seed["taurusdb"], body=MysqlResetPasswordRequest(password=STRONG)))
    assert response.status_code == 200


def test_database_user_password_and_job_query(sdk, seed):
    client, _ = sdk
    response = client.reset_gauss_my_sql_database_password(ResetGaussMySqlDatabasePasswordRequest(
        instance_id=seed["taurusdb"],
        body=ResetDatabasePasswordRequest(users=[ResetDatabasePassword(name="app_user", host="%", password=STRONG)])))
    assert response.status_code == 202 and response.job_id
    deadline = time.monotonic() + 10
    while True:
        try:
            job = client.show_gauss_my_sql_job_info(ShowGaussMySqlJobInfoRequest(id=response.job_id)).job
            if job.status in ("Completed", "Failed"):
                break
        except ClientRequestException as error:  # not visible yet
            assert error.status_code == 400 and error.error_code == "DBS.200543"
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert job.status == "Completed" and job.id == response.job_id
    assert job.instance.id == seed["taurusdb"] and job.instance.name
    assert job.created and job.ended


def test_starrocks_user_password(sdk, seed):
    client, _ = sdk
    response = client.update_star_rocks_database_user_password(UpdateStarRocksDatabaseUserPasswordRequest(
        instance_id=seed["starrocks"], body=StarRocksDatabaseUserPWinfo(user_name="sr_analyst", password=STRONG)))
    assert response.status_code == 200 and response.result == "SUCCESS"


def test_clickhouse_user_password(sdk, seed):
    client, _ = sdk
    response = client.update_click_house_database_user_password(UpdateClickHouseDatabaseUserPasswordRequest(
        instance_id=seed["clickhouse"], body=ClickHouseDatabaseUserPWinfo(user_name="ch_analyst", password=STRONG)))
    assert response.status_code == 200


def test_unknown_instance_parses_as_sdk_error(sdk, seed):
    client, _ = sdk
    with pytest.raises(ClientRequestException) as caught:
        client.reset_gauss_my_sql_password(ResetGaussMySqlPasswordRequest(
            instance_id=seed["unknown"], body=MysqlResetPasswordRequest(password=STRONG)))
    assert caught.value.status_code == 404
    assert caught.value.error_code == "DBS.200002" and caught.value.request_id


def test_every_request_is_what_the_spec_describes(sdk):
    """Runs last in this module: what the SDK sent, beyond the spec, is listed in the failure message."""
    _, sent = sdk
    assert len(sent) >= 6
    for request in sent:
        headers = {name.lower(): value for name, value in request["headers"].items()}
        extra = set(headers) - SPEC_HEADERS
        assert not extra, f"{request['method']} {request['url']}: headers the spec does not describe: {sorted(extra)}"
        assert headers["authorization"].startswith("SDK-HMAC-SHA256 Access=")
        signed = headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
        assert "x-sdk-date" in signed and "x-project-id" in signed
        if request["body"] is not None:
            assert headers["content-type"].split(";")[0].strip().lower() == "application/json"
