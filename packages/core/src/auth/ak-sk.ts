import { type Auth, redactAll, requireValue } from './auth.js';
import { env } from './env.js';
import { formatSdkDate, type Signature, sign, signingKey } from './sign-request.js';

export interface AkSkOptions {
  /** Access key id. Default: `HUAWEICLOUD_SDK_AK`. */
  ak?: string;
  /** Secret access key. Default: `HUAWEICLOUD_SDK_SK`. */
  sk?: string;
  /** Security token of temporary credentials, sent as `X-Security-Token`. Default: `HUAWEICLOUD_SDK_SECURITY_TOKEN`. */
  securityToken?: string;
  /** `X-Project-Id`. Default: the client's `projectId`, then `HUAWEICLOUD_SDK_PROJECT_ID`. */
  projectId?: string;
  /** The clock, for tests. */
  now?: () => Date;
}

/**
 * Huawei AK/SK signing (SDK-HMAC-SHA256). Every attempt is signed afresh with the current date, as the
 * last step before the wire. Signed headers: every header the request carries at that point (content-type,
 * x-project-id, x-sdk-date, x-security-token, x-language when set) plus host; names containing `_` are
 * left unsigned, as the official Go signer does.
 */
export function akSk(options: AkSkOptions = {}): Auth<'akSk'> {
  const ak = requireValue(options.ak ?? env('HUAWEICLOUD_SDK_AK'), 'akSk: ak', 'HUAWEICLOUD_SDK_AK');
  const sk = requireValue(options.sk ?? env('HUAWEICLOUD_SDK_SK'), 'akSk: sk', 'HUAWEICLOUD_SDK_SK');
  const securityToken = options.securityToken ?? env('HUAWEICLOUD_SDK_SECURITY_TOKEN');
  const now = options.now ?? (() => new Date());
  const credentials = { ak, sk: signingKey(sk) };
  return {
    scheme: 'akSk',
    middleware(context) {
      const projectId = options.projectId ?? context.projectId ?? env('HUAWEICLOUD_SDK_PROJECT_ID');
      return (next) => (request) => {
        const headers = new Headers(request.headers);
        for (const name of ['authorization', 'x-sdk-date', 'x-auth-token']) headers.delete(name);
        if (projectId) headers.set('X-Project-Id', projectId);
        if (securityToken) headers.set('X-Security-Token', securityToken);
        headers.set('X-Sdk-Date', formatSdkDate(now()));
        const signed: Record<string, string> = { host: request.url.host };
        headers.forEach((value, name) => {
          if (!name.includes('_')) signed[name] = value;
        });
        const send = ({ authorization }: Signature) => {
          headers.set('Authorization', authorization);
          return next({ ...request, headers });
        };
        // Synchronous on Node (node:crypto), a promise on WebCrypto runtimes.
        const signature = sign(
          { method: request.method, url: request.url, headers: signed, body: request.body },
          credentials,
        );
        return signature instanceof Promise ? signature.then(send) : send(signature);
      };
    },
    redact: (text) => redactAll(text, [sk, securityToken]),
  };
}
