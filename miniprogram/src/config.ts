/**
 * Where the API is. Set VITE_MALL_API_BASE at build time (see .env.example).
 * Defaults: mini-programs talk to http://localhost:8069 (developer tools with
 * URL checks off); H5 talks to its own origin, where the dev server (or the
 * production reverse proxy) forwards /mall to Odoo — Odoo sends no CORS headers.
 */
const env =
  (import.meta as unknown as {env?: Record<string, string | undefined>}).env ?? {};

function defaultBase(): string {
  // #ifdef H5
  return "";
  // #endif
  // #ifndef H5
  return "http://localhost:8069";
  // #endif
}

export const API_BASE: string = (env.VITE_MALL_API_BASE ?? defaultBase()).replace(
  /\/$/,
  ""
);
/** H5 only: a session token for development (there is no platform sign-in in a browser). */
export const DEV_TOKEN: string = env.VITE_MALL_DEV_TOKEN ?? "";
