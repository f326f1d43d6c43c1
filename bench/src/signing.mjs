// Signing throughput: the dbpass signer vs the official AKSKSigner.sign on the same request, each doing
// what it does per call in its client: make the X-Sdk-Date, take the URL from a string, sign.
// Prints one JSON object on stdout.

import { formatSdkDate, signRequest } from '@dbpass/core/internals';
import { do_not_optimize, measure } from 'mitata';
import { AK, BODY, PATH, PROJECT_ID, SK } from './fixtures.mjs';
import { ensureOfficial, officialRequire } from './official.mjs';

ensureOfficial();
const { AKSKSigner } = officialRequire('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { BasicCredentials } = officialRequire('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');

const endpoint = `https://gaussdb.cn-north-4.myhuaweicloud.com${PATH}`;
const body = JSON.stringify(BODY);
const credentials = new BasicCredentials().withAk(AK).withSk(SK).withProjectId(PROJECT_ID);

// dbpass: the headers its akSk middleware signs (host, content-type, x-project-id, x-sdk-date).
const dbpass = () => {
  const url = new URL(endpoint);
  return signRequest(
    {
      method: 'PUT',
      url,
      headers: {
        host: url.host,
        'content-type': 'application/json',
        'x-project-id': PROJECT_ID,
        'x-sdk-date': formatSdkDate(new Date()),
      },
      body,
    },
    { ak: AK, sk: SK },
  ).authorization;
};
// Official: the request as BaseCredentials.processAuthRequest hands it over (it adds host and X-Sdk-Date).
const official = () =>
  AKSKSigner.sign(
    {
      method: 'PUT',
      endpoint,
      queryParams: {},
      headers: { 'X-Project-Id': PROJECT_ID, 'content-type': 'application/json' },
      data: BODY,
    },
    credentials,
  ).Authorization;

// Both sign the same canonical request: same SignedHeaders, and the same signature when the second agrees.
const signedHeaders = (authorization) => /SignedHeaders=([^,]+)/.exec(authorization)?.[1];
if (signedHeaders(dbpass()) !== signedHeaders(official()))
  throw new Error(`signed headers differ: ${dbpass()} vs ${official()}`);

const ROUNDS = Number(process.env.BENCH_SIGN_ROUNDS ?? 4);
const fns = { dbpass, official };
const totals = { dbpass: { ns: 0, ops: 0 }, official: { ns: 0, ops: 0 } };
for (let i = 0; i < 20_000; i++) {
  do_not_optimize(dbpass());
  do_not_optimize(official());
}
for (let round = 0; round < ROUNDS; round++) {
  for (const name of round % 2 ? ['official', 'dbpass'] : ['dbpass', 'official']) {
    const stats = await measure(() => do_not_optimize(fns[name]()), { min_cpu_time: 400e6 });
    totals[name].ns += stats.avg * stats.ticks;
    totals[name].ops += stats.ticks;
  }
}
const perSecond = (name) => Math.round(totals[name].ops / (totals[name].ns / 1e9));
process.stdout.write(
  `${JSON.stringify({ dbpass: { signaturesPerSecond: perSecond('dbpass'), signatures: totals.dbpass.ops }, official: { signaturesPerSecond: perSecond('official'), signatures: totals.official.ops } })}\n`,
);
