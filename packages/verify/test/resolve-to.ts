import { isIP, type LookupFunction } from 'node:net';

/** A resolver that answers every name with `address`, as a DNS record or a hosts file could. */
export const resolveTo =
  (address: string): LookupFunction =>
  (_hostname, options, callback) => {
    const family = isIP(address);
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
