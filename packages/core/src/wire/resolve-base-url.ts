import type { ServiceInfo } from '../client/service-descriptor.js';
import { plaintextRefusal } from './loopback.js';

/**
 * An explicit endpoint must be https, except on loopback (the emulator): a loopback address, or `localhost`,
 * whose address the sender checks when it connects (a fetch that cannot is refused when the client is made).
 */
export function checkEndpoint(endpoint: string | URL): URL {
  const url = new URL(endpoint);
  const refusal = plaintextRefusal(url, true);
  if (refusal)
    throw new TypeError(`endpoint must use https (http is allowed on loopback only): ${url.origin}: ${refusal}`);
  return url;
}

/**
 * The base URL for a region, from the spec's servers: the server with a `region` variable gets it
 * substituted (plus any per-region variables such as Huawei's host prefix); otherwise the server whose
 * `x-dbpass-region` is the region.
 */
export function resolveBaseUrl(service: ServiceInfo, region: string): URL {
  for (const server of service.servers) {
    const variables = server.variables;
    if (variables?.region) {
      if (variables.region.enum && !variables.region.enum.includes(region)) continue;
      const overrides = server['x-dbpass-region-variables']?.[region] ?? {};
      const url = server.url.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === 'region' ? region : (overrides[name] ?? variables[name]?.default ?? ''),
      );
      return new URL(url);
    }
    if (server['x-dbpass-region'] === region) return new URL(server.url);
  }
  const known = service.servers.flatMap(
    (server) => server.variables?.region?.enum ?? (server['x-dbpass-region'] ? [server['x-dbpass-region']] : []),
  );
  throw new TypeError(
    `unknown ${service.name} region "${region}"; known regions: ${known.join(', ')}. Pass \`endpoint\` for any other host.`,
  );
}
