"""The official Huawei Python SDK against the twin on real engines: it finds the instance's address with
ShowGaussMySqlInstanceInfoUnifyStatus, as it would on the real cloud, changes passwords, and PyMySQL (an independent
MySQL client) proves in MariaDB that the new password logs in and the old one is refused."""
import time

import pymysql
import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkgaussdb.v3 import (
    GaussDBClient,
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


def test_database_user_job_logs_in_to_mariadb(twin):
    host, port = address(twin)
    job_id = twin.reset_gauss_my_sql_database_password(ResetGaussMySqlDatabasePasswordRequest(
        instance_id=SEED["taurusdb"],
        body=ResetDatabasePasswordRequest(users=[ResetDatabasePassword(name="app_user", host="%", password="Official_App-2026")]))).job_id
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
    assert status == "Completed"
    assert logs_in(host, port, "app_user", "Official_App-2026")
    assert not logs_in(host, port, "app_user", INITIAL)
