/** A response body read once: its text, and whether (and as what) it parses as JSON. */
export interface ResponseBody {
  readonly text: string;
  /** `ok` is false when the text is not JSON; an empty body is JSON `undefined`. */
  readonly json: { readonly ok: boolean; readonly value: unknown };
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const bodies = new WeakMap<Response, ResponseBody>();

export function parseJson(text: string): ResponseBody['json'] {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, value: undefined };
  }
}

/**
 * Reads the whole body (so that a truncated answer fails where this is called) and returns a fresh
 * Response over the same bytes, remembering what was read so that nobody reads or parses it again.
 */
export async function readWhole(response: Response): Promise<{ response: Response; body: ResponseBody }> {
  const bytes = await response.arrayBuffer();
  const text = new TextDecoder().decode(bytes);
  const body = { text, json: parseJson(text) };
  const whole = new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  bodies.set(whole, body);
  return { response: whole, body };
}

/** The body of a response, from what readWhole remembered, or read now. */
export async function responseBody(response: Response): Promise<ResponseBody> {
  const known = bodies.get(response);
  if (known) return known;
  const text = await response.text();
  return { text, json: parseJson(text) };
}
