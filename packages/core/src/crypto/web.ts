// `#crypto` in Deno, browsers and other fetch runtimes: WebCrypto, plus @noble/hashes (audited) for MD5,
// which standard WebCrypto does not have.
import { md5 } from '@noble/hashes/legacy.js';
import { toHex } from './hex.js';
import { bytes, digestHexWith } from './webcrypto.js';

export { hmacKey, hmacSha256Hex, sha256Hex } from './webcrypto.js';

// Pure: a bundle that never answers a Digest challenge leaves it out.
export const digestHex = /* @__PURE__ */ digestHexWith((data) => toHex(md5(bytes(data))));
