// Ethereum JSON-RPC over HTTP from the module to a node in its enclave, each call bounded in time.
export class JsonRpcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonRpcError';
  }
}

export interface NodeRpc {
  call<T>(method: string, params?: unknown[]): Promise<T>;
}

export function nodeRpc(url: string, timeoutMs = 5_000): NodeRpc {
  let nextId = 1;
  return {
    async call<T>(method: string, params: unknown[] = []): Promise<T> {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new JsonRpcError(`${method} to ${url}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
      }
      const text = await response.text();
      let body: { result?: T; error?: { message?: string } };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        throw new JsonRpcError(`${method} to ${url}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
      }
      if (body.error) throw new JsonRpcError(`${method} to ${url}: ${String(body.error.message ?? JSON.stringify(body.error)).slice(0, 300)}`);
      return body.result as T;
    },
  };
}
