"""The generated Python OceanBase client (dbpass_oceanbase) against the emulator, with HTTP Digest through
requests' HTTPDigestAuth, and the error paths."""
import json
import uuid

import pytest

import dbpass_oceanbase
import dbpass_oceanbase.exceptions
from dbpass_oceanbase.models import ModifyTenantUserPasswordRequest

from auth_helpers import DigestApiClient


def modify(emulator, seed, user="app_user", password="Ocean_Base-2026x", secret=None):
    ob = seed["ob"]
    with DigestApiClient(dbpass_oceanbase.Configuration(host=emulator), ob["ak"], secret or ob["secret"]) as client:
        return dbpass_oceanbase.TenantUsersApi(client).modify_tenant_user_password(
            ob["instance"], ob["tenant"], user, uuid.uuid4(), ob["project"], ModifyTenantUserPasswordRequest(user_password=password))


def describe(emulator, seed, tenant=None, project=None, secret=None):
    ob = seed["ob"]
    with DigestApiClient(dbpass_oceanbase.Configuration(host=emulator), ob["ak"], secret or ob["secret"]) as client:
        return dbpass_oceanbase.TenantsApi(client).describe_tenant(
            ob["instance"], tenant or ob["tenant"], uuid.uuid4(), project or ob["project"])


def test_describe_tenant(emulator, seed):
    result = describe(emulator, seed)
    assert result.success is True and result.request_id
    assert (result.data.tenant_id, result.data.tenant_mode, result.data.status) == (seed["ob"]["tenant"], "MySQL", "ONLINE")


def test_describe_unknown_tenant_is_404(emulator, seed):
    with pytest.raises(dbpass_oceanbase.exceptions.NotFoundException) as caught:
        describe(emulator, seed, tenant="t4nothere")
    assert json.loads(caught.value.body)["errorCode"] == "NotFound"


def test_describe_other_project_is_403(emulator, seed):
    with pytest.raises(dbpass_oceanbase.exceptions.ForbiddenException) as caught:
        describe(emulator, seed, project="someoneelsesproject01")
    assert json.loads(caught.value.body)["success"] is False


def test_describe_wrong_secret_is_401(emulator, seed):
    with pytest.raises(dbpass_oceanbase.exceptions.UnauthorizedException):
        describe(emulator, seed, secret="not-the-secret")


def test_modify_tenant_user_password(emulator, seed):
    result = modify(emulator, seed)
    assert result.success is True and result.request_id


def test_unknown_user_is_404(emulator, seed):
    with pytest.raises(dbpass_oceanbase.exceptions.NotFoundException) as caught:
        modify(emulator, seed, user="nobody")
    assert json.loads(caught.value.body)["errorCode"] == "NotFound"


def test_weak_password_is_400(emulator, seed):
    with pytest.raises(dbpass_oceanbase.exceptions.BadRequestException) as caught:
        modify(emulator, seed, password="alllowercase1")
    assert json.loads(caught.value.body)["success"] is False


def test_wrong_secret_is_401(emulator, seed):
    with pytest.raises(dbpass_oceanbase.exceptions.UnauthorizedException):
        modify(emulator, seed, secret="not-the-secret")
