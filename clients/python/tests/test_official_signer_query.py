"""The official Python signer (huaweicloudsdkcore) on a query that mixes a character above U+FFFF with one in
U+E000-U+FFFF: it sorts by code point, as the published algorithm does ("sort by key, byte order"), and the
emulator's gateway must accept the signature. Sorting by UTF-16 code unit (the official Node signer's order,
and the emulator's before) puts the two in the other order and answers 401."""
import uuid
from urllib.parse import urlsplit

import requests
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer


def signed_get(base_url, seed, query):
    request = SdkRequest(method="GET", schema="http", host=urlsplit(base_url).netloc,
                         resource_path=f"/v3/{seed['project_id']}/jobs", query_params=query,
                         header_params={"X-Project-Id": seed["project_id"]})
    Signer(BasicCredentials(seed["ak"], seed["sk"], seed["project_id"])).sign(request)
    return requests.get(base_url + request.uri, headers=request.header_params, timeout=5)


def test_code_point_order_is_accepted(emulator, seed):
    query = [("id", str(uuid.uuid4())), ("\U0001F600", "astral"), ("\uE000", "private-use")]
    response = signed_get(emulator, seed, query)
    assert response.status_code != 401, response.text
    assert response.json()["error_code"] == "DBS.200543"  # signature accepted; the job does not exist


def test_repeated_values_in_code_point_order(emulator, seed):
    response = signed_get(emulator, seed, [("id", str(uuid.uuid4())), ("k", ["\U0001F600", "\uE000"])])
    assert response.status_code != 401, response.text
