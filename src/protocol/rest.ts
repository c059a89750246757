/**
 * Bodies of the REST API. `POST /api/signal` takes OpenVidu's body
 * (`POST /openvidu/api/signal`): `session` is the room, `to` a list of
 * connection ids, `type`, `data` and `ephemeral` as in a signal.
 */
import * as z from 'zod/mini';
import { Recipients, SignalType } from './frames.js';

export const RestSignalBody = z.object({
  session: z.string().check(z.minLength(1)),
  to: z.optional(Recipients),
  type: z.optional(SignalType),
  data: z.optional(z.unknown()),
  /** As a signal's `ephemeral`: delivered, never stored in history. */
  ephemeral: z.optional(z.boolean()),
});
export type RestSignalBody = z.infer<typeof RestSignalBody>;

/** Largest REST request body the server reads. */
export const MAX_REST_BODY_BYTES = 64 * 1024;
