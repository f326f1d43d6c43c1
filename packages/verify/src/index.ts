export { tryLogin, type LoginAttemptOptions, type LoginOutcome } from './login.js';
export { verifyPasswordChange, type LoginEvidence, type VerifyOptions } from './verify-password-change.js';
export { isLoopback, type ClickHouseLoginTarget, type LoginTarget, type MysqlLoginTarget, type TlsOptions } from './login-target.js';
export { hostPatternMatches } from './host-pattern.js';
export { oceanbaseLoginName, OCEANBASE_LOGIN_FORMS, type OceanBaseLoginForm } from './oceanbase-login-name.js';
export { EngineError, EngineUnreachableError, LoginImpossibleError, TlsError, VerificationFailedError, VerifyError } from './errors.js';
