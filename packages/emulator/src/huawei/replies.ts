import { randomUUID } from 'node:crypto';
import type { Reply } from '../http.js';

/** A Huawei error in its own format, `{error_code, error_msg}`, with `X-Request-Id`. */
export function huaweiError(
  status: number,
  code: string,
  message: string,
  extra: { gateway?: boolean; headers?: Record<string, string> } = {},
): Reply {
  const requestId = randomUUID().replaceAll('-', '');
  return {
    status,
    headers: { 'X-Request-Id': requestId, ...extra.headers },
    body: { error_code: code, error_msg: message, ...(extra.gateway ? { request_id: requestId } : {}) },
  };
}

export function huaweiOk(status: number, body: unknown): Reply {
  return { status, headers: { 'X-Request-Id': randomUUID().replaceAll('-', '') }, body };
}

/** Gateway answer to missing, invalid or expired credentials (APIGW.0301, HTTP 401). */
export const unauthorized = (detail: string) =>
  huaweiError(401, 'APIGW.0301', `Incorrect IAM authentication information: ${detail}`, { gateway: true });
