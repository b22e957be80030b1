// What one node's container runs: the client image's entrypoint takes the genesis and the signer's
// key from the environment (see packages/ethereumjs-client), the rest are client flags. Pure.
import { ContainerConfigBuilder, PortProtocol, PortSpec } from '@kurtosis-ts/module-api-lib';
import type { ContainerConfig } from '@kurtosis-ts/module-api-lib';
import { DISCOVERY_PORT, PORT_IDS, RPC_PORT, WS_PORT } from './ethereum-params';

export const GENESIS_ENV_VAR = 'ETHEREUM_GENESIS_JSON';
export const SIGNER_KEY_ENV_VAR = 'ETHEREUM_SIGNER_KEY';

export type NodeRole = { kind: 'signer'; privateKeyHex: string } | { kind: 'child'; bootnodeEnode: string };

export interface NodeSpec {
  image: string;
  genesisJson: string;
  /** The node's own address in the enclave, which its enode URL names. */
  ipAddress: string;
  role: NodeRole;
}

export const NODE_PORTS: ReadonlyMap<string, PortSpec> = new Map([
  [PORT_IDS.rpc, new PortSpec(RPC_PORT)],
  [PORT_IDS.ws, new PortSpec(WS_PORT)],
  [PORT_IDS.tcpDiscovery, new PortSpec(DISCOVERY_PORT)],
  [PORT_IDS.udpDiscovery, new PortSpec(DISCOVERY_PORT, PortProtocol.UDP)],
]);

export function nodeArgs(spec: NodeSpec): string[] {
  const args = [
    // Peers are only the ones this module names: no DNS or DHT lookups of public networks.
    '--discDns=false',
    '--discV4=false',
    `--extIP=${spec.ipAddress}`,
    `--port=${DISCOVERY_PORT}`,
    '--rpc',
    '--rpcAddr=0.0.0.0',
    `--rpcPort=${RPC_PORT}`,
    '--ws',
    '--wsAddr=0.0.0.0',
    `--wsPort=${WS_PORT}`,
    '--logLevel=info',
  ];
  if (spec.role.kind === 'signer') args.push('--mine');
  else args.push(`--bootnodes=${spec.role.bootnodeEnode}`);
  return args;
}

export function nodeContainerConfig(spec: NodeSpec): ContainerConfig {
  const env = new Map([[GENESIS_ENV_VAR, spec.genesisJson]]);
  if (spec.role.kind === 'signer') env.set(SIGNER_KEY_ENV_VAR, spec.role.privateKeyHex);
  return new ContainerConfigBuilder(spec.image).withUsedPorts(NODE_PORTS).withEnvironmentVariableOverrides(env).withCmdOverride(nodeArgs(spec)).build();
}

/** An enode URL with the host the node is reachable at: the client reports its listen address, 0.0.0.0. */
export function enodeAt(enode: string, ipAddress: string, port = DISCOVERY_PORT): string {
  const match = /^enode:\/\/([0-9a-fA-F]{128})@/.exec(enode);
  if (!match) throw new Error(`Not an enode URL: ${enode.slice(0, 200)}`);
  return `enode://${match[1].toLowerCase()}@${ipAddress}:${port}`;
}
