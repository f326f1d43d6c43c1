import type { Send } from '../transport.js';
import type { Remember } from './send.js';

/** Runtimes other than Node send with the global fetch. */
export const platformSender: ((remember: Remember) => Send) | undefined = undefined;
