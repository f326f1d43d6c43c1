/** A response body read once: its text, and whether (and as what) it parses as JSON. */
export interface ResponseBody {
  readonly text: string;
  /** `ok` is false when the text is not JSON; an empty body is JSON `undefined`. */
  readonly json: { readonly ok: boolean; readonly value: unknown };
}

interface ReadBody {
  readonly body: ResponseBody;
  readonly bytes: ArrayBuffer | Uint8Array;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const decoder = new TextDecoder();
const bodies = new WeakMap<Response, ReadBody>();

export function parseJson(text: string): ResponseBody['json'] {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, value: undefined };
  }
}

/**
 * Reads the whole body (so that a truncated answer fails where this is called) and remembers it with the
 * response, so that nobody reads or parses it again; every layer of the chain reads an answer with this.
 * The response itself is then used up: `readable` gives one whose body can be read, for a caller that
 * reads it as a stream (openapi-fetch).
 */
export async function readWhole(response: Response): Promise<ResponseBody> {
  return bodies.get(response)?.body ?? record(response, await response.arrayBuffer());
}

function record(response: Response, bytes: ArrayBuffer | Uint8Array): ResponseBody {
  const text = decoder.decode(bytes);
  const body = { text, json: parseJson(text) };
  bodies.set(response, { body, bytes });
  return body;
}

/** A response whose body a sender has already read (node:http): its bytes stand for the body. */
export function remember(response: Response, bytes: Uint8Array): Response {
  record(response, bytes);
  return response;
}

/** The response with a body that can be read: a fresh Response over the bytes `readWhole` read, else itself. */
export function readable(response: Response): Response {
  const read = bodies.get(response);
  if (!read) return response;
  const fresh = new Response(NULL_BODY_STATUSES.has(response.status) ? null : (read.bytes as Uint8Array<ArrayBuffer>), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  bodies.set(fresh, read);
  return fresh;
}
