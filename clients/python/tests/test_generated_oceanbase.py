"""The generated Python OceanBase client (dbpass_oceanbase) against the emulator, with HTTP Digest through
requests' HTTPDigestAuth, and the error paths. The tenant-user operations copy a user's roles to a new one."""
import json
import uuid

import pytest

import dbpass_oceanbase
import dbpass_oceanbase.exceptions
from dbpass_oceanbase.models import CreateTenantUserRequest, ModifyTenantUserPasswordRequest, ModifyTenantUserRolesRequest

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


def tenant_users(emulator, seed, call):
    ob = seed["ob"]
    with DigestApiClient(dbpass_oceanbase.Configuration(host=emulator), ob["ak"], ob["secret"]) as client:
        return call(dbpass_oceanbase.TenantUsersApi(client), ob)


def describe_user(emulator, seed, name):
    return tenant_users(emulator, seed, lambda api, ob: api.describe_tenant_users(
        ob["instance"], ob["tenant"], uuid.uuid4(), ob["project"], user_name=name, page_number=1, page_size=10)).data


def test_tenant_user_twin_with_the_same_roles(emulator, seed):
    [original] = describe_user(emulator, seed, "app_user").data_list
    assert [(grant.database, grant.role) for grant in original.databases] == [("app_db", "ReadWrite"), ("reports", "ReadOnly")]
    twin = f"app-user-{uuid.uuid4().hex[:8]}"
    roles = json.dumps([{"database": grant.database, "role": grant.role, "table": "", "privileges": "",
                         "withGrant": grant.with_grant == 1} for grant in original.databases])
    created = tenant_users(emulator, seed, lambda api, ob: api.create_tenant_user(
        ob["instance"], ob["tenant"], uuid.uuid4(), ob["project"],
        CreateTenantUserRequest(user_name=twin, password="Ocean_Base-2026x", user_type="Normal", roles=roles)))
    assert created.success is True and created.data.user_name == twin
    [copy] = describe_user(emulator, seed, twin).data_list
    assert [(g.database, g.role, g.with_grant) for g in copy.databases] == [
        (g.database, g.role, g.with_grant) for g in original.databases]
    changed = tenant_users(emulator, seed, lambda api, ob: api.modify_tenant_user_roles(
        ob["instance"], ob["tenant"], twin, ob["project"], ModifyTenantUserRolesRequest(user_role="[]")))
    assert changed.success is True
    assert describe_user(emulator, seed, twin).data_list[0].databases == []


def test_roles_of_an_unknown_user_is_404(emulator, seed):
    with pytest.raises(dbpass_oceanbase.exceptions.NotFoundException):
        tenant_users(emulator, seed, lambda api, ob: api.modify_tenant_user_roles(
            ob["instance"], ob["tenant"], "nobody", ob["project"], ModifyTenantUserRolesRequest(user_role="[]")))
