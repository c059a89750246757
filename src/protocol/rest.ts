/**
 * Bodies of the REST API. `POST /api/signal` takes OpenVidu's body
 * (`POST /openvidu/api/signal`): `session` is the room, `to` a list of
 * connection ids, `type` and `data` as in a signal.
 */
import * as z from 'zod/mini';
import { MAX_ID_CHARS, MAX_RECIPIENTS, isSignalType } from './limits.js';

export const RestSignalBody = z.object({
  session: z.string().check(z.minLength(1)),
  to: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(MAX_ID_CHARS))).check(z.maxLength(MAX_RECIPIENTS))),
  type: z.optional(z.string().check(z.refine(isSignalType, { message: 'type' }))),
  data: z.optional(z.unknown()),
});
export type RestSignalBody = z.infer<typeof RestSignalBody>;

/** Largest REST request body the server reads. */
export const MAX_REST_BODY_BYTES = 64 * 1024;
