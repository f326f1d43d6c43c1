"""The generated Python TaurusDB client (dbpass_taurusdb) against the emulator: every operation, with the
IAM token (the spec's `iamToken` API key) and with AK/SK signed by huaweicloudsdkcore, and the error paths.
The user-management operations copy a seeded user's privileges to a new one and read both back."""
import json
import time
import uuid

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials

import dbpass_taurusdb
import dbpass_taurusdb.exceptions
from dbpass_taurusdb.models import (
    AddDatabasePermissionRequest,
    AddDatabasePermissionRequestUsersInner,
    AddDatabasePermissionRequestUsersInnerDatabasesInner,
    CreateClickHouseDatabaseUserRequest,
    CreateGaussMySqlDatabaseUserRequest,
    CreateGaussMySqlDatabaseUserRequestUsersInner,
    CreateGaussMySqlDatabaseUserRequestUsersInnerDatabasesInner,
    CreateStarRocksDatabaseUserRequest,
    ResetGaussMySqlDatabasePasswordRequest,
    ResetGaussMySqlDatabasePasswordRequestUsersInner,
    ResetGaussMySqlPasswordRequest,
    UpdateClickHouseDatabaseUserPasswordRequest,
    UpdateClickHouseDatabaseUserPermissionRequest,
    UpdateStarRocksDatabaseUserPasswordRequest,
    UpdateStarRocksDatabaseUserPermissionRequest,
)

from auth_helpers import SignedApiClient
from conftest import iam_token

STRONG = "Rotated_Pass-2026"


@pytest.fixture(params=["iamToken", "akSk"])
def api_client(request, emulator, seed):
    configuration = dbpass_taurusdb.Configuration(host=emulator)
    if request.param == "iamToken":
        configuration.api_key["iamToken"] = iam_token(emulator)
        client = dbpass_taurusdb.ApiClient(configuration)
    else:
        client = SignedApiClient(configuration, BasicCredentials(seed["ak"], seed["sk"], seed["project_id"]))
    with client:
        yield client


def test_reset_root_password(api_client, seed):
    response = dbpass_taurusdb.InstanceManagementApi(api_client).reset_gauss_my_sql_password_with_http_info(
        seed["project_id"], seed["taurusdb"], ResetGaussMySqlPasswordRequest(password=STRONG))
    assert response.status_code == 200


def wait_for_job(api_client, seed, job_id):
    """Polls ShowGaussMySqlJobInfo until the job is Completed or Failed (DBS.200543 while it is not visible yet)."""
    jobs = dbpass_taurusdb.TaskCenterApi(api_client)
    deadline = time.monotonic() + 10
    while True:
        try:
            job = jobs.show_gauss_my_sql_job_info(seed["project_id"], str(job_id)).job
            if job.status in ("Completed", "Failed"):
                return job
        except dbpass_taurusdb.exceptions.BadRequestException as error:  # not visible yet: DBS.200543
            assert json.loads(error.body)["error_code"] == "DBS.200543"
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.1)


def test_database_user_password_and_job(api_client, seed):
    accepted = dbpass_taurusdb.DatabaseUsersApi(api_client).reset_gauss_my_sql_database_password(
        seed["project_id"], seed["taurusdb"], ResetGaussMySqlDatabasePasswordRequest(users=[
            ResetGaussMySqlDatabasePasswordRequestUsersInner(name="app_user", host="%", password=STRONG)]))
    job = wait_for_job(api_client, seed, accepted.job_id)
    assert job.status == "Completed"
    assert job.id == str(accepted.job_id) and job.instance.id == seed["taurusdb"]


def listed_user(api_client, seed, name, host="%"):
    users = dbpass_taurusdb.DatabaseUsersApi(api_client).list_gauss_my_sql_database_user(
        seed["project_id"], seed["taurusdb"], offset=0, limit=100).users
    return next((user for user in users if user.name == name and user.host == host), None)


def test_database_user_twin_with_the_same_databases(api_client, seed):
    users_api = dbpass_taurusdb.DatabaseUsersApi(api_client)
    original = listed_user(api_client, seed, "app_user")
    assert [(db.name, db.readonly) for db in original.databases] == [("app_db", False), ("reports", True)]
    twin = f"app_user_clone_{uuid.uuid4().hex[:8]}"
    accepted = users_api.create_gauss_my_sql_database_user(
        seed["project_id"], seed["taurusdb"], CreateGaussMySqlDatabaseUserRequest(users=[
            CreateGaussMySqlDatabaseUserRequestUsersInner(name=twin, password=STRONG, hosts=["%"], databases=[
                CreateGaussMySqlDatabaseUserRequestUsersInnerDatabasesInner(name=db.name, readonly=db.readonly)
                for db in original.databases])]))
    assert wait_for_job(api_client, seed, accepted.job_id).status == "Completed"
    assert listed_user(api_client, seed, twin).databases == original.databases
    granted = users_api.add_database_permission(
        seed["project_id"], seed["taurusdb"], AddDatabasePermissionRequest(users=[
            AddDatabasePermissionRequestUsersInner(name=twin, host="%", databases=[
                AddDatabasePermissionRequestUsersInnerDatabasesInner(name="reports", readonly=False)])]))
    assert wait_for_job(api_client, seed, granted.job_id).status == "Completed"
    assert [(db.name, db.readonly) for db in listed_user(api_client, seed, twin).databases] == [
        ("app_db", False), ("reports", False)]


def test_creating_an_existing_user_is_409(api_client, seed):
    with pytest.raises(dbpass_taurusdb.exceptions.ConflictException) as caught:
        dbpass_taurusdb.DatabaseUsersApi(api_client).create_gauss_my_sql_database_user(
            seed["project_id"], seed["taurusdb"], CreateGaussMySqlDatabaseUserRequest(users=[
                CreateGaussMySqlDatabaseUserRequestUsersInner(name="app_user", password=STRONG)]))
    assert json.loads(caught.value.body)["error_code"] == "DBS.200827"


def test_starrocks_user_twin_and_permission(api_client, seed):
    starrocks = dbpass_taurusdb.HTAPStarRocksApi(api_client)
    show = lambda name: starrocks.show_star_rocks_database_user(  # noqa: E731
        seed["project_id"], seed["starrocks"], limit=100, offset=0, user_name=name).user_details
    [original] = show("sr_analyst")
    twin = f"sr_twin_{uuid.uuid4().hex[:8]}"
    created = starrocks.create_star_rocks_database_user(seed["project_id"], seed["starrocks"], CreateStarRocksDatabaseUserRequest(
        user_name=twin, password=STRONG, databases=original.data_bases, dml=original.dml, ddl=original.ddl))
    assert created.result == "SUCCESS"
    [copy] = show(twin)
    assert (copy.data_bases, copy.dml, copy.ddl) == (original.data_bases, original.dml, original.ddl)
    # Only dml is sent: the databases and the DDL privilege are kept.
    starrocks.update_star_rocks_database_user_permission(seed["project_id"], seed["starrocks"],
        UpdateStarRocksDatabaseUserPermissionRequest(user_name=twin, dml=0))
    [changed] = show(twin)
    assert (changed.data_bases, changed.dml, changed.ddl) == (original.data_bases, 0, original.ddl)


def test_clickhouse_user_twin_and_permission(api_client, seed):
    clickhouse = dbpass_taurusdb.HTAPClickHouseApi(api_client)
    show = lambda name: clickhouse.show_click_house_database_user(  # noqa: E731
        seed["project_id"], seed["clickhouse"], user_name=name).user_details
    [original] = show("ch_analyst")
    twin = f"ch_twin_{uuid.uuid4().hex[:8]}"
    clickhouse.create_click_house_database_user(seed["project_id"], seed["clickhouse"], CreateClickHouseDatabaseUserRequest(
        user_name=twin, password=STRONG, databases=original.databases, dml=original.dml))
    [copy] = show(twin)
    assert (copy.databases, copy.dml, copy.ddl) == (original.databases, original.dml, 0)
    clickhouse.update_click_house_database_user_permission(seed["project_id"], seed["clickhouse"],
        UpdateClickHouseDatabaseUserPermissionRequest(user_name=twin, databases=["*"], dml=2))
    [changed] = show(twin)
    assert (changed.databases, changed.dml) == (["*"], 2)


def test_starrocks_user_password(api_client, seed):
    result = dbpass_taurusdb.HTAPStarRocksApi(api_client).update_star_rocks_database_user_password(
        seed["project_id"], seed["starrocks"], UpdateStarRocksDatabaseUserPasswordRequest(user_name="sr_analyst", password=STRONG))
    assert result.result == "SUCCESS"


def test_clickhouse_user_password(api_client, seed):
    response = dbpass_taurusdb.HTAPClickHouseApi(api_client).update_click_house_database_user_password_with_http_info(
        seed["project_id"], seed["clickhouse"], UpdateClickHouseDatabaseUserPasswordRequest(user_name="ch_analyst", password=STRONG))
    assert response.status_code == 200


def test_unknown_instance_is_404(api_client, seed):
    with pytest.raises(dbpass_taurusdb.exceptions.NotFoundException) as caught:
        dbpass_taurusdb.InstanceManagementApi(api_client).reset_gauss_my_sql_password(
            seed["project_id"], seed["unknown"], ResetGaussMySqlPasswordRequest(password=STRONG))
    assert caught.value.status == 404
    assert json.loads(caught.value.body)["error_code"] == "DBS.200002"


def test_weak_password_is_400(api_client, seed):
    with pytest.raises(dbpass_taurusdb.exceptions.BadRequestException) as caught:
        dbpass_taurusdb.InstanceManagementApi(api_client).reset_gauss_my_sql_password(
            seed["project_id"], seed["taurusdb"], ResetGaussMySqlPasswordRequest(password="alllowercase"))
    assert json.loads(caught.value.body)["error_code"].startswith("DBS.")


def test_wrong_secret_key_is_401(emulator, seed):
    client = SignedApiClient(dbpass_taurusdb.Configuration(host=emulator), BasicCredentials(seed["ak"], "not-the-secret", seed["project_id"]))
    with pytest.raises(dbpass_taurusdb.exceptions.UnauthorizedException) as caught:
        dbpass_taurusdb.InstanceManagementApi(client).reset_gauss_my_sql_password(
            seed["project_id"], seed["taurusdb"], ResetGaussMySqlPasswordRequest(password=STRONG))
    assert json.loads(caught.value.body)["error_code"] == "APIGW.0301"
