"""The official Huawei Python SDK against the twin on real engines: it finds the instance's address with
ShowGaussMySqlInstanceInfoUnifyStatus, as it would on the real cloud, changes passwords, and PyMySQL (an independent
MySQL client) proves in MariaDB that the new password logs in and the old one is refused, and that a user it creates
with another user's databases logs in with the same grants (SHOW GRANTS)."""
import time

import pymysql
import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkgaussdb.v3 import (
    CreateDatabaseList,
    CreateDatabaseUserList,
    CreateDatabaseUserRequest,
    CreateGaussMySqlDatabaseUserRequest,
    GaussDBClient,
    ListGaussMySqlDatabaseUserRequest,
    MysqlResetPasswordRequest,
    ResetDatabasePassword,
    ResetDatabasePasswordRequest,
    ResetGaussMySqlDatabasePasswordRequest,
    ResetGaussMySqlPasswordRequest,
    ShowGaussMySqlInstanceInfoUnifyStatusRequest,
    ShowGaussMySqlJobInfoRequest,
)

from conftest import SEED, start_emulator, stop_emulator

INITIAL = "Initial_Passw0rd"


@pytest.fixture(scope="module")
def twin():
    process, url = start_emulator("--engines", "real", "--job-visible-after-ms", "50", "--job-duration-ms", "200")
    client = (GaussDBClient.new_builder()
              .with_credentials(BasicCredentials(SEED["ak"], SEED["sk"], SEED["project_id"]))
              .with_endpoints([url])
              .build())
    yield client
    stop_emulator(process)


def logs_in(host, port, user, password):
    try:
        pymysql.connect(host=host, port=port, user=user, password=password, connect_timeout=5).close()
        return True
    except pymysql.err.OperationalError as error:
        if error.args[0] == 1045:  # access denied
            return False
        raise


def address(client):
    instance = client.show_gauss_my_sql_instance_info_unify_status(ShowGaussMySqlInstanceInfoUnifyStatusRequest(instance_id=SEED["taurusdb"])).instance
    assert instance.status == "normal"
    return instance.private_write_ips[0], int(instance.port)


def test_root_reset_logs_in_to_mariadb(twin):
    host, port = address(twin)
    assert logs_in(host, port, "root", INITIAL)
    twin.reset_gauss_my_sql_password(ResetGaussMySqlPasswordRequest(
        instance_id=SEED["taurusdb"], body=MysqlResetPasswordRequest(password="Official_Twin-2026")))
    assert logs_in(host, port, "root", "Official_Twin-2026")
    assert not logs_in(host, port, "root", INITIAL)


def job_status(twin, job_id):
    deadline = time.monotonic() + 10
    status = None
    while time.monotonic() < deadline:
        try:
            status = twin.show_gauss_my_sql_job_info(ShowGaussMySqlJobInfoRequest(id=job_id)).job.status
            if status in ("Completed", "Failed"):
                break
        except ClientRequestException as error:  # not visible yet
            assert error.error_code == "DBS.200543"
        time.sleep(0.05)
    return status


def test_database_user_job_logs_in_to_mariadb(twin):
    host, port = address(twin)
    job_id = twin.reset_gauss_my_sql_database_password(ResetGaussMySqlDatabasePasswordRequest(
        instance_id=SEED["taurusdb"],
        body=ResetDatabasePasswordRequest(users=[ResetDatabasePassword(name="app_user", host="%", password="Official_App-2026")]))).job_id
    assert job_status(twin, job_id) == "Completed"
    assert logs_in(host, port, "app_user", "Official_App-2026")
    assert not logs_in(host, port, "app_user", INITIAL)


def grants(host, port, user, password):
    """SHOW GRANTS as PyMySQL reads it for the logged-in user, the user's own name taken out, the USAGE line left out."""
    with pymysql.connect(host=host, port=port, user=user, password=password, connect_timeout=5) as connection:
        with connection.cursor() as cursor:
            cursor.execute("SHOW GRANTS")
            lines = [row[0].replace(f"`{user}`@`%`", "`USER`@`%`") for row in cursor.fetchall()]
    return sorted(line for line in lines if not line.startswith("GRANT USAGE ON *.*"))


def test_created_user_logs_in_with_the_grants_of_the_user_it_copies(twin):
    host, port = address(twin)
    users = twin.list_gauss_my_sql_database_user(ListGaussMySqlDatabaseUserRequest(instance_id=SEED["taurusdb"])).users
    original = next(user for user in users if user.name == "report_user")
    job_id = twin.create_gauss_my_sql_database_user(CreateGaussMySqlDatabaseUserRequest(
        instance_id=SEED["taurusdb"], body=CreateDatabaseUserRequest(users=[CreateDatabaseUserList(
            name="report_user_twin", password="Official_Twin-2026", hosts=["%"],
            databases=[CreateDatabaseList(name=db.name, readonly=db.readonly) for db in original.databases])]))).job_id
    assert job_status(twin, job_id) == "Completed"
    assert grants(host, port, "report_user_twin", "Official_Twin-2026") == ["GRANT SELECT ON `reports`.* TO `USER`@`%`"]
