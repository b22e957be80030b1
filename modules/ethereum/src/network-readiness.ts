// When is the network ready: every node peered with every other node, and all at the same head,
// block 1 or later. From one look at every node, the problems that remain, each naming the node and
// what it showed. Pure.

export interface Head {
  number: number;
  hash: string;
}

/** What one node answered (or failed to answer) in one look. */
export interface NodeObservation {
  serviceId: string;
  /** Node IDs (enode public keys) of its connected peers. */
  peerNodeIds?: readonly string[];
  head?: Head;
  /** Why it could not be asked. */
  error?: string;
}

export interface Readiness {
  ready: boolean;
  problems: string[];
}

const normalized = (nodeId: string) => nodeId.toLowerCase().replace(/^0x/, '');
const shortHash = (hash: string) => `${hash.slice(0, 10)}…`;
const describeHead = (head: Head) => `block ${head.number} (${shortHash(head.hash)})`;

/**
 * @param nodeIds service ID → its node ID, for every node of the network
 * @param referenceServiceId the node whose head the others are compared with (the signer)
 */
export function assessReadiness(observations: readonly NodeObservation[], nodeIds: ReadonlyMap<string, string>, referenceServiceId: string): Readiness {
  const problems: string[] = [];
  const serviceOfNode = new Map([...nodeIds].map(([serviceId, nodeId]) => [normalized(nodeId), serviceId]));
  const reference = observations.find((o) => o.serviceId === referenceServiceId)?.head;
  for (const observation of observations) {
    const { serviceId } = observation;
    if (observation.error !== undefined) {
      problems.push(`'${serviceId}' did not answer: ${observation.error}`);
      continue;
    }
    const peers = new Set((observation.peerNodeIds ?? []).map(normalized));
    const missing = [...nodeIds.keys()].filter((other) => other !== serviceId && !peers.has(normalized(nodeIds.get(other) ?? '')));
    if (missing.length > 0) {
      const named = [...peers].map((id) => serviceOfNode.get(id) ?? `unknown node ${id.slice(0, 8)}`);
      problems.push(`'${serviceId}' is not peered with ${missing.join(', ')} (its peers: ${named.length ? named.join(', ') : 'none'})`);
    }
    const head = observation.head;
    if (head === undefined) {
      problems.push(`'${serviceId}' reported no head`);
    } else if (head.number < 1) {
      problems.push(`'${serviceId}' is at block ${head.number}`);
    } else if (reference !== undefined && serviceId !== referenceServiceId && head.hash !== reference.hash) {
      problems.push(`'${serviceId}' is at ${describeHead(head)} while '${referenceServiceId}' is at ${describeHead(reference)}`);
    }
  }
  return { ready: problems.length === 0, problems };
}
