/** The header that carries the browser harness's per-run secret (server and renderer transport). */
export const HARNESS_SECRET_HEADER = 'x-sud-harness-secret';
