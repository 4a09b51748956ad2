import {TransportFailure, type Transport} from "./transport";

/** A transport over fetch (Node 18+, browsers): for scripts and live contract tests. */
export const fetchTransport: Transport = async (req) => {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
    });
  } catch (err) {
    throw new TransportFailure(String(err));
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return {status: res.status, headers, body};
};
