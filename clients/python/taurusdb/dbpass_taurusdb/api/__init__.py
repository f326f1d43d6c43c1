# flake8: noqa

# import apis into api package
from dbpass_taurusdb.api.database_users_api import DatabaseUsersApi
from dbpass_taurusdb.api.htap_click_house_api import HTAPClickHouseApi
from dbpass_taurusdb.api.htap_star_rocks_api import HTAPStarRocksApi
from dbpass_taurusdb.api.instance_management_api import InstanceManagementApi
from dbpass_taurusdb.api.task_center_api import TaskCenterApi

