// `#crypto` in Cloudflare Workers (the "workerd" condition): WebCrypto only, as workerd's digest also
// offers MD5; a Worker bundle carries no hash code of its own.
import { digestHexWith, subtleDigestHex } from './webcrypto.js';

export { hmacKey, hmacSha256Hex, sha256Hex } from './webcrypto.js';

// Pure: a bundle that never answers a Digest challenge leaves it out.
export const digestHex = /* @__PURE__ */ digestHexWith((data) => subtleDigestHex('MD5', data));
