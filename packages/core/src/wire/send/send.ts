/*
 * The default way a request reaches the wire when the client is given no `fetch`. The module `#send` is
 * one of two implementations, chosen by the package's `imports` conditions: `node.ts` (node:http and
 * node:https with keep-alive agents, as aws-sdk-js-v3's NodeHttpHandler; on Node it costs half the CPU per
 * call of the global fetch) or `web.ts` (none: the global fetch is used).
 */
import type { Send } from '../../pipeline/transport.js';

/** Hands over a response whose body the sender has already read; its bytes stand for the body. */
export type Remember = (response: Response, bytes: Uint8Array) => Response;

/** Makes the sender, given how to hand over a response whose body it has read. */
export type PlatformSender = (remember: Remember) => Send;

export declare const platformSender: PlatformSender | undefined;
