"""The official Huawei Python SDK (huaweicloudsdkgaussdb + huaweicloudsdkcore, from PyPI) as a real client of
the emulator, unchanged: endpoint override and AK/SK (BasicCredentials with the emulator's seed AK/SK and
project id). The four TaurusDB password operations, the job query and the nine user-management operations
(database users, StarRocks and ClickHouse accounts: list or show, create, grant) must be accepted (signature and
request) and every response must parse into the SDK's models; a twin created with a seeded user's privileges reads
back with the same ones. Every request the SDK sends is recorded and checked against what the spec describes
(headers, content type, query), and written to .build/official-sdk-requests.json."""
import json
import pathlib
import time

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.http.http_handler import HttpHandler
from huaweicloudsdkgaussdb.v3 import (
    AddDatabasePermissionRequest,
    ClickHouseDatabaseUserInfo,
    ClickHouseDatabaseUserPSinfo,
    ClickHouseDatabaseUserPWinfo,
    CreateClickHouseDatabaseUserRequest,
    CreateDatabaseList,
    CreateDatabaseUserList,
    CreateDatabaseUserRequest,
    CreateGaussMySqlDatabaseUserRequest,
    CreateStarRocksDatabaseUserRequest,
    DatabasePermission,
    GaussDBClient,
    GrantDatabasePermission,
    GrantDatabasePermissionRequestBody,
    ListGaussMySqlDatabaseUserRequest,
    MysqlResetPasswordRequest,
    ResetDatabasePassword,
    ResetDatabasePasswordRequest,
    ResetGaussMySqlDatabasePasswordRequest,
    ResetGaussMySqlPasswordRequest,
    ShowClickHouseDatabaseUserRequest,
    ShowGaussMySqlJobInfoRequest,
    ShowStarRocksDatabaseUserRequest,
    StarRocksDatabaseUserInfo,
    StarRocksDatabaseUserPSinfo,
    StarRocksDatabaseUserPWinfo,
    UpdateClickHouseDatabaseUserPasswordRequest,
    UpdateClickHouseDatabaseUserPermissionRequest,
    UpdateStarRocksDatabaseUserPasswordRequest,
    UpdateStarRocksDatabaseUserPermissionRequest,
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


def wait_for_job(client, job_id):
    """Polls ShowGaussMySqlJobInfo until the job is Completed or Failed (DBS.200543 while not visible yet)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            job = client.show_gauss_my_sql_job_info(ShowGaussMySqlJobInfoRequest(id=job_id)).job
            if job.status in ("Completed", "Failed"):
                return job
        except ClientRequestException as error:  # not visible yet
            assert error.status_code == 400 and error.error_code == "DBS.200543"
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_database_user_password_and_job_query(sdk, seed):
    client, _ = sdk
    response = client.reset_gauss_my_sql_database_password(ResetGaussMySqlDatabasePasswordRequest(
        instance_id=seed["taurusdb"],
        body=ResetDatabasePasswordRequest(users=[ResetDatabasePassword(name="app_user", host="%", password=STRONG)])))
    assert response.status_code == 202 and response.job_id
    job = wait_for_job(client, response.job_id)
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


def listed(client, seed, name, host="%"):
    response = client.list_gauss_my_sql_database_user(
        ListGaussMySqlDatabaseUserRequest(instance_id=seed["taurusdb"], offset=0, limit=100))
    assert response.status_code == 200 and response.total_count >= len(response.users)
    return next((user for user in response.users if user.name == name and user.host == host), None)


def test_database_user_twin_created_and_granted(sdk, seed):
    """ListGaussMySqlDatabaseUser, CreateGaussMySqlDatabaseUser and AddDatabasePermission: a twin of app_user."""
    client, _ = sdk
    original = listed(client, seed, "app_user")
    assert [(db.name, db.readonly) for db in original.databases] == [("app_db", False), ("reports", True)]
    created = client.create_gauss_my_sql_database_user(CreateGaussMySqlDatabaseUserRequest(
        instance_id=seed["taurusdb"], body=CreateDatabaseUserRequest(users=[CreateDatabaseUserList(
            name="app_user_sdk_twin", password=STRONG, hosts=["%"],
            databases=[CreateDatabaseList(name=db.name, readonly=db.readonly) for db in original.databases])])))
    assert created.status_code == 201 and created.job_id
    assert wait_for_job(client, created.job_id).status == "Completed"
    twin = listed(client, seed, "app_user_sdk_twin")
    assert [(db.name, db.readonly) for db in twin.databases] == [(db.name, db.readonly) for db in original.databases]
    granted = client.add_database_permission(AddDatabasePermissionRequest(
        instance_id=seed["taurusdb"], body=GrantDatabasePermissionRequestBody(users=[GrantDatabasePermission(
            name="app_user_sdk_twin", host="%", databases=[DatabasePermission(name="reports", readonly=False)])])))
    assert granted.status_code == 201 and granted.job_id
    assert wait_for_job(client, granted.job_id).status == "Completed"
    assert [(db.name, db.readonly) for db in listed(client, seed, "app_user_sdk_twin").databases] == [
        ("app_db", False), ("reports", False)]


def test_creating_an_existing_database_user_parses_as_sdk_error(sdk, seed):
    client, _ = sdk
    with pytest.raises(ClientRequestException) as caught:
        client.create_gauss_my_sql_database_user(CreateGaussMySqlDatabaseUserRequest(
            instance_id=seed["taurusdb"],
            body=CreateDatabaseUserRequest(users=[CreateDatabaseUserList(name="app_user", password=STRONG)])))
    assert caught.value.status_code == 409 and caught.value.error_code == "DBS.200827"


def test_starrocks_user_twin_and_permission(sdk, seed):
    """ShowStarRocksDatabaseUser, CreateStarRocksDatabaseUser and UpdateStarRocksDatabaseUserPermission."""
    client, _ = sdk
    show = lambda name: client.show_star_rocks_database_user(ShowStarRocksDatabaseUserRequest(  # noqa: E731
        instance_id=seed["starrocks"], user_name=name, limit=100, offset=0))
    shown = show("sr_analyst")
    assert shown.status_code == 200 and shown.total_count == 1
    [original] = shown.user_details
    created = client.create_star_rocks_database_user(CreateStarRocksDatabaseUserRequest(
        instance_id=seed["starrocks"], body=StarRocksDatabaseUserInfo(
            user_name="sr_sdk_twin", password=STRONG, databases=original.data_bases, dml=original.dml,
            ddl=original.ddl)))
    assert created.status_code == 200 and created.result == "SUCCESS"
    [twin] = show("sr_sdk_twin").user_details
    assert (twin.data_bases, twin.dml, twin.ddl) == (original.data_bases, original.dml, original.ddl)
    updated = client.update_star_rocks_database_user_permission(UpdateStarRocksDatabaseUserPermissionRequest(
        instance_id=seed["starrocks"], body=StarRocksDatabaseUserPSinfo(
            user_name="sr_sdk_twin", databases=["app_db"], dml=0, ddl=1)))
    assert updated.status_code == 200 and updated.result == "SUCCESS"
    [changed] = show("sr_sdk_twin").user_details
    assert (changed.data_bases, changed.dml, changed.ddl) == (["app_db"], 0, 1)


def test_clickhouse_user_twin_and_permission(sdk, seed):
    """ShowClickHouseDatabaseUser, CreateClickHouseDatabaseUser and UpdateClickHouseDatabaseUserPermission."""
    client, _ = sdk
    show = lambda name: client.show_click_house_database_user(ShowClickHouseDatabaseUserRequest(  # noqa: E731
        instance_id=seed["clickhouse"], user_name=name, limit=10, offset=0))
    [original] = show("ch_analyst").user_details
    created = client.create_click_house_database_user(CreateClickHouseDatabaseUserRequest(
        instance_id=seed["clickhouse"], body=ClickHouseDatabaseUserInfo(
            user_name="ch_sdk_twin", password=STRONG, databases=original.databases, dml=original.dml)))
    assert created.status_code == 200
    [twin] = show("ch_sdk_twin").user_details
    assert (twin.databases, twin.dml, twin.ddl) == (original.databases, original.dml, original.ddl)
    updated = client.update_click_house_database_user_permission(UpdateClickHouseDatabaseUserPermissionRequest(
        instance_id=seed["clickhouse"], body=ClickHouseDatabaseUserPSinfo(
            user_name="ch_sdk_twin", databases=["*"], dml=2)))
    assert updated.status_code == 200
    [changed] = show("ch_sdk_twin").user_details
    assert (changed.databases, changed.dml) == (["*"], 2)


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
    # 6 for the password operations, 18 for the user-management ones (each job polled once at least).
    assert len(sent) >= 24
    for request in sent:
        headers = {name.lower(): value for name, value in request["headers"].items()}
        extra = set(headers) - SPEC_HEADERS
        assert not extra, f"{request['method']} {request['url']}: headers the spec does not describe: {sorted(extra)}"
        assert headers["authorization"].startswith("SDK-HMAC-SHA256 Access=")
        signed = headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
        assert "x-sdk-date" in signed and "x-project-id" in signed
        if request["body"] is not None:
            assert headers["content-type"].split(";")[0].strip().lower() == "application/json"
