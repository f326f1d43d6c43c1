import type { Reply } from './http.js';
import { huaweiError } from './huawei/replies.js';
import { oceanbaseError } from './oceanbase/handlers.js';

/** An error the emulator answers instead of handling the request, as the real cloud would send it. */
export interface Fault {
  /** Which operation (default: any). */
  readonly operationId?: string;
  readonly status: 409 | 429 | 500 | 503;
  /** How many requests it answers (default 1). */
  readonly times?: number;
  /** `Retry-After` value to send with a 429 or 503. */
  readonly retryAfter?: string;
}

const HUAWEI: Record<Fault['status'], [string, string]> = {
  409: ['DBS.200011', 'Another operation is being performed on the DB instance or the DB instance is faulty.'],
  429: ['APIG.0308', 'The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second'],
  500: ['DBS.108000', 'Server failure.'],
  503: ['APIG.0201', 'Backend unavailable.'],
};

/** Faults queued by tests; each answers `times` matching requests, first queued first. */
export class FaultQueue {
  private readonly queue: Array<Fault & { left: number }> = [];

  add(fault: Fault): void {
    this.queue.push({ ...fault, left: fault.times ?? 1 });
  }

  take(operationId: string | undefined, cloud: 'huawei' | 'oceanbase', requestId: string | null): Reply | undefined {
    const index = this.queue.findIndex((fault) => fault.operationId === undefined || fault.operationId === operationId);
    if (index < 0) return undefined;
    const fault = this.queue[index]!;
    fault.left -= 1;
    if (fault.left <= 0) this.queue.splice(index, 1);
    const headers = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : undefined;
    if (cloud === 'oceanbase') {
      const code = fault.status === 429 ? 'Throttling' : fault.status === 409 ? 'Conflict' : 'E001R000';
      return oceanbaseError(fault.status, code, fault.status >= 500 ? 'Unknown Error' : 'Try again later.', requestId, headers);
    }
    const [code, message] = HUAWEI[fault.status];
    return huaweiError(fault.status, code, message, { gateway: code.startsWith('APIG'), ...(headers ? { headers } : {}) });
  }
}
