import type * as Dns from 'node:dns';
import { isLoopbackAddress, NOT_LOOPBACK_CODE } from './loopback.js';

/** A socket's `lookup` (node:net's `connect` option): dns.lookup's shape. */
export type LookupFunction = (
  hostname: string,
  options: Dns.LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | Dns.LookupAddress[], family?: number) => void,
) => void;

/**
 * A socket `lookup` for plaintext: resolves every address of the name and hands the socket only those, once all
 * of them are loopback, so the connection is made to an address that was checked (never one resolved again);
 * a name with any other address fails the connection before it is made (code DBPASS_NOT_LOOPBACK).
 * `resolve` is how names are resolved: dns.lookup, or in tests a map from names to addresses (given by the caller:
 * this module stays free of Node built-ins, so that the entry holding it bundles for any runtime).
 */
export function loopbackOnlyLookup(resolve: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, []);
      const addresses = typeof found === 'string' ? [{ address: found, family: found.includes(':') ? 6 : 4 }] : found;
      const others = addresses.filter((entry) => !isLoopbackAddress(entry.address)).map((entry) => entry.address);
      if (addresses.length === 0 || others.length > 0) {
        const refusal = Object.assign(
          new Error(
            `${hostname} resolves to ${others.join(', ') || 'no address'}, not a loopback address; plaintext is sent to loopback only, so nothing was sent`,
          ),
          { code: NOT_LOOPBACK_CODE },
        );
        return callback(refusal, []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses as [Dns.LookupAddress];
      return callback(null, first.address, first.family);
    });
  };
}
