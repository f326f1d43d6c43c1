# flake8: noqa

# import apis into api package
from dbpass_oceanbase.api.tenant_users_api import TenantUsersApi

