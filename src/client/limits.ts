/**
 * Bounds the client puts on what servers and secrets may be, in one place.
 */

/**
 * Largest answer the client reads from a server, counted in bytes as they arrive (after gzip/deflate
 * decompression, so a compressed bomb is cut too); token answers and error bodies included. A full list
 * page of 1,000 providers at their documented maxima is a few megabytes: 32 MiB leaves ample room while
 * keeping a hostile or broken server from filling the memory of a `pulumi up`.
 */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/**
 * Shortest secret that redaction hides wherever it appears, and shortest client secret the emulator accepts.
 * Real Scalekit client secrets are long random strings; a shorter "secret" would turn every occurrence of a
 * common word or URL piece ("https", "meta", "1") in a message into "[REDACTED]" and mangle it, while
 * protecting nothing real.
 */
export const MIN_SECRET_LENGTH = 16;
