export {
  EngineError,
  EngineUnreachableError,
  LoginImpossibleError,
  TlsError,
  UnsafeAuthPluginError,
  VerificationFailedError,
  VerifyError,
} from './errors.js';
export { hostPatternMatches } from './host-pattern.js';
export { type HostLookup, type LoginAttemptOptions, type LoginOutcome, tryLogin } from './login.js';
export {
  type ClickHouseLoginTarget,
  isLoopbackAddress,
  type LoginTarget,
  type MysqlLoginTarget,
  type TlsOptions,
} from './login-target.js';
export { OCEANBASE_LOGIN_FORMS, type OceanBaseLoginForm, oceanbaseLoginName } from './oceanbase-login-name.js';
export { type LoginEvidence, type VerifyOptions, verifyPasswordChange } from './verify-password-change.js';
