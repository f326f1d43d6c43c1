import { type AuthPlugin, authPlugins } from 'mysql2';

/** What a server may ask for that hands it the password, readable or encrypted to a key it chose itself. */
export type PasswordRevealingStep =
  | 'mysql_clear_password'
  | 'sha256_password'
  | 'caching_sha2_password full authentication';

export interface AuthPluginGuard {
  /** mysql2's `authPlugins` connection option. */
  readonly authPlugins: Record<string, AuthPlugin>;
  /** What the server asked for that was refused, if anything. */
  refused(): PasswordRevealingStep | undefined;
}

// caching_sha2_password's AuthMoreData after the scramble: 3 fast authentication succeeded, 4 send the password.
const PERFORM_FULL_AUTHENTICATION = 4;

/**
 * The auth plugins a login may use when the server's certificate is not checked (no TLS, or TLS without a check):
 * the server may then be anyone who answers, so only the plugins that send a scramble of the password run
 * (mysql_native_password, caching_sha2_password's fast path). mysql_clear_password and sha256_password, and
 * caching_sha2_password's full authentication, send the password in clear text (over such TLS) or RSA-encrypted to
 * a public key the server sends: both readable by an impostor. mysql2 picks a plugin the map names over its own
 * in the first handshake too, so none of these is tried before the server has asked.
 */
export function guardAuthPlugins(): AuthPluginGuard {
  let refused: PasswordRevealingStep | undefined;
  const refuse = (step: PasswordRevealingStep): never => {
    refused = step;
    throw Object.assign(new Error(`refused to send the password for ${step}`), { code: 'UNSAFE_AUTH_PLUGIN' });
  };
  return {
    refused: () => refused,
    authPlugins: {
      mysql_clear_password: () => () => refuse('mysql_clear_password'),
      sha256_password: () => () => refuse('sha256_password'),
      caching_sha2_password: (metadata) => {
        const standard = authPlugins.caching_sha2_password()(metadata);
        let scrambleSeen = false;
        return (data) => {
          if (scrambleSeen && data.length === 1 && data[0] === PERFORM_FULL_AUTHENTICATION)
            return refuse('caching_sha2_password full authentication');
          scrambleSeen = true;
          return standard(data);
        };
      },
    },
  };
}
