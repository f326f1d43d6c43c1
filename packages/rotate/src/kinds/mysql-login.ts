import type { AccountRef, LoginAddress } from '../account-ref.js';
import type { KindLogin } from './account-kind.js';

/** A login over the MySQL protocol: the account's host pattern, and the PROXY source when the plan gives one. */
export const mysqlLogin = (ref: AccountRef, login: LoginAddress, user = ref.userName): KindLogin => ({
  protocol: 'mysql',
  user,
  ...(ref.host ? { accountHost: ref.host } : {}),
  ...(login.proxySource ? { proxySource: login.proxySource } : {}),
});
