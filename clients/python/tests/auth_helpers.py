"""The auth the generated Python clients can't express, done the supported way (as their READMEs show):
AK/SK with the official Huawei signer (huaweicloudsdkcore), HTTP Digest with requests' HTTPDigestAuth."""
import json
from urllib.parse import parse_qsl, urlsplit

import requests
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from requests.auth import HTTPDigestAuth

import dbpass_oceanbase
import dbpass_taurusdb
from dbpass_oceanbase.rest import RESTResponse


class SignedApiClient(dbpass_taurusdb.ApiClient):
    """Signs every request (SDK-HMAC-SHA256) with huaweicloudsdkcore's BasicCredentials.sign_request."""

    def __init__(self, configuration, credentials: BasicCredentials):
        super().__init__(configuration)
        self.credentials = credentials

    def call_api(self, method, url, header_params=None, body=None, post_params=None, _request_timeout=None):
        payload = json.dumps(body) if body is not None else ""
        parts = urlsplit(url)
        request = SdkRequest(method=method, schema=parts.scheme, host=parts.netloc, resource_path=parts.path,
                             query_params=parse_qsl(parts.query), header_params=dict(header_params or {}), body=payload)
        signed = self.credentials.sign_request(request)
        return super().call_api(method, url, signed.header_params, body, post_params, _request_timeout)


class _Raw:
    """What RESTResponse reads from a urllib3 response."""

    def __init__(self, response: requests.Response):
        self.status, self.reason, self.data, self.headers = response.status_code, response.reason, response.content, response.headers


class DigestApiClient(dbpass_oceanbase.ApiClient):
    """Sends the generated client's requests through requests with HTTPDigestAuth."""

    def __init__(self, configuration, access_key_id, access_key_secret):
        super().__init__(configuration)
        self.session = requests.Session()
        self.session.auth = HTTPDigestAuth(access_key_id, access_key_secret)

    def call_api(self, method, url, header_params=None, body=None, post_params=None, _request_timeout=None):
        data = json.dumps(body) if body is not None else None
        return RESTResponse(_Raw(self.session.request(method, url, headers=header_params, data=data,
                                                      timeout=_request_timeout or 30)))
