/** The one place that touches the network: uni.request on every target, a fake in tests. */
export interface TransportRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  timeout?: number;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/** Thrown by a transport when no answer arrived. */
export class TransportFailure extends Error {}

export const uniTransport: Transport = (req) =>
  new Promise((resolve, reject) => {
    uni.request({
      url: req.url,
      method: req.method as any,
      header: req.headers,
      data: req.body as any,
      timeout: req.timeout ?? 15000,
      dataType: "json",
      success: (res) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(
          (res.header as Record<string, unknown>) || {}
        ))
          headers[k.toLowerCase()] = String(v);
        resolve({status: res.statusCode, headers, body: res.data});
      },
      fail: (err) => reject(new TransportFailure(err.errMsg || "request failed")),
    });
  });
