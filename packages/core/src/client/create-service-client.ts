import { redactAll } from '../auth/auth.js';
import { transportError } from '../errors/call-errors.js';
import { NetworkError, ValidationError } from '../errors/errors.js';
import { prepareParams } from '../request/prepare-request.js';
import { requestSecrets, serializeRequest } from '../request/serialize-request.js';
import { validateRequest } from '../request/validate-request.js';
import { errorFromResponse, parseErrorBody } from '../response/parse-error-response.js';
import { readEnvelope } from '../response/read-envelope.js';
import { type ResponseBody, readWhole } from '../response/response-body.js';
import { callContext } from './call-context.js';
import { type ClientOptions, createTransport } from './create-transport.js';
import type { OperationDescriptor, ServiceInfo } from './service-descriptor.js';

export interface CallOptions {
  /** Cancels the call (and any retry waiting). */
  signal?: AbortSignal;
  /** Deadline of this call, overriding the client's `timeoutMs`. */
  timeoutMs?: number;
}

/** A client of one service (`service` is its name, so that one service's operations refuse another's client). */
export interface ServiceClient<Name extends string = string> {
  readonly service: Name;
  call(operationId: string, operation: OperationDescriptor, input: object, options?: CallOptions): Promise<unknown>;
}

/**
 * The client a generated package wraps. `call`, behind each generated operation function: fill defaults ->
 * validate (nothing is sent on failure) -> serialize -> the transport chain -> typed error or parsed body.
 * The operation comes with the call rather than from a table, so that a bundle holds only those it calls.
 */
export function createServiceClient<const Name extends string>(
  service: ServiceInfo & { readonly name: Name },
  options: ClientOptions,
): ServiceClient<Name> {
  const transport = createTransport(service, options);
  const { redact } = transport;

  async function call(
    operationId: string,
    operation: OperationDescriptor,
    input: object,
    callOptions: CallOptions = {},
  ): Promise<unknown> {
    const values = (input ?? {}) as Record<string, unknown>;
    const params = prepareParams(operation, values, { projectId: options.projectId });
    const issues = validateRequest(operation, params, values.body);
    if (issues.length > 0) throw new ValidationError(operationId, issues);
    // A server may echo the new password it was sent in its error message: scrubbed with the credentials.
    const secrets = requestSecrets(values.body);
    const redactCall = (text: string) => redactAll(redact(text), secrets);

    const context = callContext({ operationId, operation }, params, values.body, {
      signal: callOptions.signal,
      timeoutMs: callOptions.timeoutMs ?? transport.timeoutMs,
    });
    const response = await transport.execute(
      serializeRequest(transport.baseUrl, operation, params, values.body, operationId),
      context,
    );
    let body: ResponseBody;
    try {
      body = await readWhole(response);
    } catch (error) {
      throw transportError(error, context, redactCall);
    }
    const errorContext = {
      operation: operationId,
      status: response.status,
      attempts: context.attempts,
      totalRetryDelay: context.totalRetryDelay,
      redact: redactCall,
      errors: service.errors,
    };
    if (!response.ok)
      throw errorFromResponse(parseErrorBody(body.json.value ?? body.text, response.headers), errorContext);
    if (!body.json.ok) {
      throw new NetworkError(`${operationId}: HTTP ${response.status} with a body that is not JSON`, {
        operation: operationId,
        code: 'InvalidResponse',
        $metadata: {
          httpStatusCode: response.status,
          attempts: context.attempts,
          totalRetryDelay: context.totalRetryDelay,
        },
      });
    }
    const data = body.json.value ?? {};
    if (readEnvelope(service.envelope, data) === 'failure')
      throw errorFromResponse(parseErrorBody(data, response.headers), errorContext);
    return data;
  }

  return { service: service.name, call };
}
