/** The wire protocol shared by client and server: frames, limits, error codes. */
export * from './limits.js';
export * from './errors.js';
export * from './server-frames.js';
export * from './frames.js';
export * from './decode.js';
export * from './encode.js';
export * from './rest.js';
export { parseServerFrame } from './parse-server-frame.js';
export * from './conventions.js';
