// The test's view of an Ethereum network in an enclave: each node's JSON-RPC through its port
// published on 127.0.0.1, and polling helpers with deadlines.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { EnclaveContext } from '@kurtosis-ts/engine-client';
import { nodeRpc } from '../src/json-rpc';
import type { NodeRpc } from '../src/json-rpc';

export interface HostNode {
  serviceId: string;
  rpcPort: number;
  rpc: NodeRpc;
}

export interface Block {
  number: number;
  hash: string;
}

export async function hostNodes(enclave: EnclaveContext, serviceIds: readonly string[]): Promise<HostNode[]> {
  return Promise.all(
    serviceIds.map(async (serviceId) => {
      const service = await enclave.getServiceContext(serviceId);
      const port = service.getPublicPorts().get('rpc')?.number;
      if (port === undefined) throw new Error(`'${serviceId}' has no published rpc port`);
      return { serviceId, rpcPort: port, rpc: nodeRpc(`http://127.0.0.1:${port}`) };
    }),
  );
}

export async function head(node: HostNode): Promise<Block> {
  const block = await node.rpc.call<{ number: string; hash: string }>('eth_getBlockByNumber', ['latest', false]);
  return { number: Number(BigInt(block.number)), hash: block.hash };
}

export async function blockHashAt(node: HostNode, number: number): Promise<string | undefined> {
  const block = await node.rpc.call<{ hash: string } | null>('eth_getBlockByNumber', [`0x${number.toString(16)}`, false]);
  return block?.hash;
}

/** Polls `check` every 500 ms until it returns a value other than undefined; throws `what` past the deadline. */
export async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/** Until every node has the same block at the signer's current height: the network agrees. */
export async function untilAllAgree(nodes: readonly HostNode[], timeoutMs: number): Promise<Block> {
  return until('every node to reach the same head', timeoutMs, async () => {
    const target = await head(nodes[0]);
    const hashes = await Promise.all(nodes.map((n) => blockHashAt(n, target.number)));
    return hashes.every((h) => h === target.hash) && target.number >= 1 ? target : undefined;
  });
}

/** A signed EIP-1559 transfer from the signer, by @ethereumjs/tx in a plain node process (see sign-transfer.mjs). */
export function signTransfer(args: { privateKey: string; chainId: number; nonce: number; to: string; value: bigint }): string {
  return execFileSync(process.execPath, [path.join(__dirname, 'sign-transfer.mjs'), JSON.stringify({ ...args, value: args.value.toString() })], { encoding: 'utf8' });
}

/** `docker ps` port mappings of the enclave's containers of these services: "127.0.0.1:32960->8545/tcp", … */
export function publishedBindings(enclaveId: string): string[] {
  const out = execFileSync('docker', ['ps', '--filter', `label=com.kurtosistech.enclave-id=${enclaveId}`, '--format', '{{.Ports}}'], { encoding: 'utf8' });
  return out
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.includes('->'));
}
