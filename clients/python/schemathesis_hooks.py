"""schemathesis hooks for the OceanBase spec: HTTP Digest (its `digest` scheme) with the emulator's seed
AccessKey, through requests' HTTPDigestAuth (schemathesis has no Digest option of its own)."""
import os

import schemathesis
from requests.auth import HTTPDigestAuth

schemathesis.auth.set_from_requests(HTTPDigestAuth(os.environ["DBPASS_OB_ACCESS_KEY_ID"], os.environ["DBPASS_OB_ACCESS_KEY_SECRET"]))
