import type { EnvelopeDescriptor } from '../client/service-descriptor.js';

/** Whether a 2xx body reports a failure inside it, by the rule the service's spec gives. */
export function readEnvelope(envelope: EnvelopeDescriptor | undefined, data: unknown): 'success' | 'failure' {
  if (!envelope || !data || typeof data !== 'object') return 'success';
  return (data as Record<string, unknown>)[envelope.field] === envelope.failure ? 'failure' : 'success';
}
