/**
 * Never let zod compile code with `new Function`: pages with a strict
 * Content-Security-Policy (no 'unsafe-eval') would report a violation.
 *
 * The client itself reads frames with the zod-free `parseServerFrame`, so
 * its own bundle holds no zod schema; this guards the bundles that put the
 * client next to zod schemas (the element, apps). zod decides at schema
 * creation, so this module is the client's first import. In Node it only
 * affects schemas created after it, and only their speed.
 */
import * as z from 'zod/mini';

z.config({ jitless: true });
