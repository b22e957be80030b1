// Who may call the API container (ApiContainerService and our ServiceLifecycleService), decided per
// call from the caller's source address against the enclave's current state. Pure: the sources of
// truth are injected, so a module unloaded a moment ago, or an IP now held by a service, is judged as
// it is now, never as it was when the connection was opened.
//
// Allowed: the address host clients' connections arrive from (they reach the API container through
// its published port; on Docker the proxy connects from the enclave network's gateway), the enclave's modules
// (loaded or loading), and containers registered through external registration. Everyone else, user
// services first of all, is refused.

/** What the policy reads, each time it decides. */
export interface CallerSources {
  /** Where host clients' connections come from (the backend says: on Docker, the network's gateway). */
  hostClientIp: string;
  /** IPs of the enclave's modules, loaded or loading. */
  moduleIps(): Iterable<string>;
  /** IPs of containers whose external registration was finished. */
  externalContainerIps(): Iterable<string>;
}

export type CallerKind = 'host' | 'module' | 'external-container';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The IPv4 address of a grpc-js peer string ("172.16.0.1:53422", "::ffff:172.16.0.1:53422",
 * "[::ffff:172.16.0.1]:53422"), or undefined when it holds none.
 */
export function callerIpOf(peer: string): string | undefined {
  let host = peer.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) host = bracketed[1];
  else host = host.replace(/:\d+$/, '');
  host = host.replace(/^::ffff:/i, '');
  return IPV4.test(host) ? host : undefined;
}

export class CallerPolicy {
  constructor(private readonly sources: CallerSources) {}

  /** What kind of allowed caller `peer` is, or undefined when it may not call. */
  classify(peer: string): CallerKind | undefined {
    const ip = callerIpOf(peer);
    if (ip === undefined) return undefined;
    if (ip === this.sources.hostClientIp) return 'host';
    if (includes(this.sources.moduleIps(), ip)) return 'module';
    if (includes(this.sources.externalContainerIps(), ip)) return 'external-container';
    return undefined;
  }

  /** Why `peer` may not call `rpc`, or undefined when it may. */
  explainDenied(peer: string, rpc: string): string | undefined {
    if (this.classify(peer) !== undefined) return undefined;
    const shown = peer.slice(0, 100);
    return (
      `${rpc} refused for caller ${shown}: only host clients (through the published loopback port), ` +
      `the enclave's modules and externally registered containers may call this API container; ` +
      `services of the enclave may not`
    );
  }
}

function includes(ips: Iterable<string>, ip: string): boolean {
  for (const candidate of ips) if (candidate === ip) return true;
  return false;
}
