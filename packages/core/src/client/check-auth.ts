import type { Auth, AuthScheme } from '../auth/auth.js';
import type { ServiceInfo } from './service-descriptor.js';

/** The factory that makes each scheme, to name it in an error. */
const FACTORY: Readonly<Record<AuthScheme, string>> = {
  akSk: 'akSk()',
  iamToken: 'iamToken()',
  digest: 'oceanbaseDigest()',
};

/** The spec's `security` decides which auth a client accepts; anything else fails before a request is made. */
export function checkAuth(service: ServiceInfo, auth: Auth): void {
  if (service.security.includes(auth.scheme)) return;
  const accepted = service.security.map((scheme) => FACTORY[scheme] ?? scheme).join(' or ');
  throw new TypeError(
    `${service.title}: ${FACTORY[auth.scheme] ?? auth.scheme} auth (scheme \`${auth.scheme}\`) is not accepted by this service; its spec's security allows ${accepted}`,
  );
}
