import type { PlatformSender } from './send.js';

/** Runtimes other than Node send with the global fetch. */
export const platformSender: PlatformSender | undefined = undefined;
