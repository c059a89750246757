/**
 * The typing convention's data as a zod schema, for the server side and for tests; the
 * element reads the same shape without zod (`readTyping` in typing.ts).
 */
import * as z from 'zod/mini';
import { MAX_TYPING_TTL_MS } from './typing.js';

/** `{"ttl": ms}`: show the sender as typing for `ttl` ms from now; 0 means stopped. */
export const TypingData = z.object({ ttl: z.number().check(z.int(), z.gte(0), z.lte(MAX_TYPING_TTL_MS)) });
