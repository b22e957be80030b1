// Starts a private Ethereum network, as the original module did with geth: the bootnode, which is
// the clique signer, then `numChildNodes` child nodes that boot from it; connects every child to
// every other (admin_addPeer); and returns only once every node is peered with every other and all
// agree on a head of block 1 or later. If that does not happen by the deadline, or anything fails,
// it removes every service it started and says which node showed what.
import { KurtosisError, ParamsValidationError, StatusCode } from '@kurtosis-ts/module-api-lib';
import type { EnclaveContext, ExecutableKurtosisModule, ServiceContext } from '@kurtosis-ts/module-api-lib';
import { BOOTNODE_SERVICE_ID, childServiceId, DISCOVERY_PORT, parseExecuteParams, PORT_IDS, RPC_PORT } from './ethereum-params';
import type { EthereumExecuteParams, EthereumNodeInfo, EthereumResult } from './ethereum-params';
import { gethGenesis } from './genesis';
import { JsonRpcError, nodeRpc } from './json-rpc';
import type { NodeRpc } from './json-rpc';
import { assessReadiness } from './network-readiness';
import type { NodeObservation, Readiness } from './network-readiness';
import { enodeAt, nodeContainerConfig } from './node-config';
import type { NodeRole } from './node-config';
import { encryptKeystore, randomPassword, signerAccount } from './signer-account';
import type { SignerAccount } from './signer-account';

const POLL_MS = 500;
/** An error message travels in gRPC trailers: keep it well inside the library's 4 KiB. */
const MAX_ERROR_CHARS = 2_000;

interface RunningNode {
  service: ServiceContext;
  rpc: NodeRpc;
  /** The enode URL's public key: what the other nodes' admin_peers list. */
  nodeId: string;
}

interface NodeInfoAnswer {
  enode: string;
}

interface BlockAnswer {
  number: string;
  hash: string;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function deadlineExceeded(message: string): KurtosisError {
  return new KurtosisError(StatusCode.DEADLINE_EXCEEDED, message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS)}…` : message);
}

export class EthereumModule implements ExecutableKurtosisModule {
  async execute(enclave: EnclaveContext, serializedParams: string): Promise<string> {
    const params = parseExecuteParams(serializedParams);
    let account: SignerAccount;
    try {
      account = signerAccount(params.signerPrivateKey);
    } catch (err) {
      throw new ParamsValidationError(`Invalid params: 'signerPrivateKey': ${(err as Error).message}`);
    }
    const deadline = Date.now() + params.readyTimeoutSeconds * 1000;
    const serviceIds = [BOOTNODE_SERVICE_ID, ...Array.from({ length: params.numChildNodes }, (_, i) => childServiceId(i + 1))];
    const existing = await enclave.getServices();
    const taken = serviceIds.filter((id) => existing.has(id));
    if (taken.length > 0) {
      throw new KurtosisError(StatusCode.FAILED_PRECONDITION, `This enclave already has ${taken.join(', ')}: it holds one Ethereum network, and this execute would start another`);
    }
    try {
      const nodes = await startNetwork(enclave, params, account, serviceIds, deadline);
      const password = randomPassword();
      const result: EthereumResult = {
        bootnode_service_id: BOOTNODE_SERVICE_ID,
        node_info: Object.fromEntries([...nodes].map(([id, node]) => [id, nodeInfo(node.service)])),
        signer_keystore_content: JSON.stringify(encryptKeystore(account, password)),
        signer_account_password: password,
        signer_address: account.address,
        network_id: params.networkId,
      };
      return JSON.stringify(result, null, 2);
    } catch (err) {
      const left = await removeServices(enclave, serviceIds);
      const message = `${(err as Error).message}${left ? `; ${left}` : ''}`;
      throw err instanceof KurtosisError ? new KurtosisError(err.code, message) : new KurtosisError(StatusCode.INTERNAL, message);
    }
  }
}

function nodeInfo(service: ServiceContext): EthereumNodeInfo {
  return {
    ip_addr_inside_network: service.getPrivateIPAddress(),
    ip_addr_on_host_machine: service.getMaybePublicIPAddress(),
    rpc_port_id: PORT_IDS.rpc,
    ws_port_id: PORT_IDS.ws,
    tcp_discovery_port_id: PORT_IDS.tcpDiscovery,
    udp_discovery_port_id: PORT_IDS.udpDiscovery,
  };
}

async function startNetwork(
  enclave: EnclaveContext,
  params: EthereumExecuteParams,
  account: SignerAccount,
  serviceIds: readonly string[],
  deadline: number,
): Promise<Map<string, RunningNode>> {
  const genesisJson = JSON.stringify(
    gethGenesis({
      chainId: params.networkId,
      blockPeriodSeconds: params.blockPeriodSeconds,
      signerAddress: account.address,
      prefundedAccounts: params.prefundedAccounts,
      timestamp: Math.floor(Date.now() / 1000),
    }),
  );
  const startNode = async (serviceId: string, role: NodeRole): Promise<RunningNode> => {
    const service = await enclave.addService(serviceId, (ipAddress) => nodeContainerConfig({ image: params.clientImage, genesisJson, ipAddress, role }));
    const rpc = nodeRpc(`http://${service.getPrivateIPAddress()}:${RPC_PORT}`);
    const info = await untilAnswered(serviceId, () => rpc.call<NodeInfoAnswer>('admin_nodeInfo'), deadline);
    const enode = enodeAt(info.enode, service.getPrivateIPAddress());
    return { service, rpc, nodeId: enode.slice('enode://'.length, enode.indexOf('@')) };
  };

  const [bootnodeId, ...childIds] = serviceIds;
  const bootnode = await startNode(bootnodeId, { kind: 'signer', privateKeyHex: account.privateKeyHex });
  const bootnodeEnode = `enode://${bootnode.nodeId}@${bootnode.service.getPrivateIPAddress()}:${DISCOVERY_PORT}`;
  // Children start in parallel; every one is waited for (settled) so a failure leaves none half-started unseen.
  const started = await Promise.allSettled(childIds.map((id) => startNode(id, { kind: 'child', bootnodeEnode })));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  const children = started.map((s) => (s as PromiseFulfilledResult<RunningNode>).value);
  const nodes = new Map<string, RunningNode>([[bootnodeId, bootnode], ...children.map((c, i): [string, RunningNode] => [childIds[i], c])]);

  // Every child boots from the signer; the children are connected to each other here, as the
  // original did "because gossip is slow" (here there is none: discovery is off).
  for (let i = 0; i < children.length; i++) {
    for (let j = i + 1; j < children.length; j++) {
      const target = children[j].service;
      await untilAnswered(
        `${childIds[i]} (admin_addPeer of ${childIds[j]})`,
        () => children[i].rpc.call<boolean>('admin_addPeer', [{ address: target.getPrivateIPAddress(), tcpPort: DISCOVERY_PORT, udpPort: DISCOVERY_PORT }]),
        deadline,
      );
    }
  }

  const nodeIds = new Map([...nodes].map(([id, node]) => [id, node.nodeId]));
  let readiness: Readiness = { ready: false, problems: ['no look yet'] };
  while (Date.now() < deadline) {
    readiness = assessReadiness(await observe(nodes), nodeIds, bootnodeId);
    if (readiness.ready) return nodes;
    await wait(POLL_MS);
  }
  throw deadlineExceeded(`The Ethereum network was not ready within ${params.readyTimeoutSeconds} s (every node peered with every other, all at one head of block 1 or later); at the last look: ${readiness.problems.join('; ')}`);
}

/** Calls until it answers; past the deadline, DEADLINE_EXCEEDED with the last error. */
async function untilAnswered<T>(what: string, call: () => Promise<T>, deadline: number): Promise<T> {
  let lastError = 'no attempt';
  while (Date.now() < deadline) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof JsonRpcError)) throw err;
      lastError = err.message;
    }
    await wait(250);
  }
  throw deadlineExceeded(`'${what}' did not answer JSON-RPC in time: ${lastError}`);
}

async function observe(nodes: ReadonlyMap<string, RunningNode>): Promise<NodeObservation[]> {
  return Promise.all(
    [...nodes].map(async ([serviceId, node]): Promise<NodeObservation> => {
      try {
        const [peers, block] = await Promise.all([
          node.rpc.call<{ id: string }[]>('admin_peers'),
          node.rpc.call<BlockAnswer | null>('eth_getBlockByNumber', ['latest', false]),
        ]);
        return {
          serviceId,
          peerNodeIds: peers.map((p) => p.id),
          head: block ? { number: Number(BigInt(block.number)), hash: block.hash } : undefined,
        };
      } catch (err) {
        return { serviceId, error: (err as Error).message };
      }
    }),
  );
}

/** Removes every one of these services the enclave has; says what it could not remove, if anything. */
async function removeServices(enclave: EnclaveContext, serviceIds: readonly string[]): Promise<string> {
  let present: Set<string>;
  try {
    present = await enclave.getServices();
  } catch (err) {
    return `could not list the enclave's services to remove the network's: ${(err as Error).message}`;
  }
  const outcomes = await Promise.allSettled(serviceIds.filter((id) => present.has(id)).map((id) => enclave.removeService(id, 1)));
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  return failures.length ? `${failures.length} service(s) could not be removed: ${failures.map((f) => (f.reason as Error).message).join('; ')}` : '';
}
