// The Ethereum module's params and result, typed and validated.
import { parseParams, z } from '@kurtosis-ts/module-api-lib';

/** Load params: {"logLevel": "info"} — the library's convention; everything else is per execute. */
export const loadParamsSchema = z.object({
  logLevel: z.string().optional(),
});

const MAX_WEI = (1n << 256n) - 1n;

/** A balance in wei: a decimal integer string, or 0x and hex digits; at most 2^256 - 1. */
const WEI = /^(0|[1-9][0-9]{0,77}|0x[0-9a-fA-F]{1,64})$/;
const weiSchema = z
  .string()
  .regex(WEI, 'expected a balance in wei: a decimal integer or 0x and hex digits')
  // zod runs this check after a failed regex too: only a well-formed number is compared.
  .refine((s) => !WEI.test(s) || BigInt(s) <= MAX_WEI, 'a balance is at most 2^256 - 1 wei');

/** An address: 0x and 40 hex digits (any case; no checksum is demanded). */
const addressSchema = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected an address: 0x and 40 hex digits');

/**
 * Execute params; `{}` is the original's network: a signer (the bootnode) and two child nodes.
 * Numbers are bounded so that one execute cannot ask for more than a 2-core machine can run.
 */
export const executeParamsSchema = z
  .object({
    /** Nodes besides the signer. */
    numChildNodes: z.number().int().min(0).max(10).default(2),
    /** Clique's block period. */
    blockPeriodSeconds: z.number().int().min(1).max(60).default(2),
    /** Accounts funded in the genesis block, besides the signer's. */
    prefundedAccounts: z
      .array(z.object({ address: addressSchema, balance: weiSchema }).strict())
      .max(100)
      .default([]),
    /** The execution client's image: kurtosis-ts/ethereumjs-client or one with the same entrypoint contract. */
    clientImage: z.string().min(1).default('kurtosis-ts/ethereumjs-client:latest'),
    /** The signer's private key (0x and 64 hex digits); a fresh one is drawn when absent. */
    signerPrivateKey: z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/, 'expected a private key: 0x and 64 hex digits')
      .optional(),
    /** Chain ID and network ID of the genesis; the original's is 77813. */
    networkId: z.number().int().min(1).max(2 ** 31 - 1).default(77813),
    /** How long the network may take, from the start of the execute, to be peered and agree on a head. */
    readyTimeoutSeconds: z.number().int().min(1).max(600).default(180),
  })
  .strict();

export type EthereumExecuteParams = z.infer<typeof executeParamsSchema>;
export type PrefundedAccount = EthereumExecuteParams['prefundedAccounts'][number];

export function parseExecuteParams(serializedParams: string): EthereumExecuteParams {
  return parseParams(executeParamsSchema, serializedParams);
}

export const BOOTNODE_SERVICE_ID = 'bootnode';
export const CHILD_SERVICE_ID_PREFIX = 'ethereum-node-';

export function childServiceId(index: number): string {
  return `${CHILD_SERVICE_ID_PREFIX}${index}`;
}

/** The original's port IDs. */
export const PORT_IDS = { rpc: 'rpc', ws: 'ws', tcpDiscovery: 'tcpDiscovery', udpDiscovery: 'udpDiscovery' } as const;
export const RPC_PORT = 8545;
export const WS_PORT = 8546;
export const DISCOVERY_PORT = 30303;

/** One node in the result, with the original's field names. */
export interface EthereumNodeInfo {
  ip_addr_inside_network: string;
  ip_addr_on_host_machine: string;
  rpc_port_id: string;
  ws_port_id: string;
  tcp_discovery_port_id: string;
  udp_discovery_port_id: string;
}

/** The result: the original's fields, then the signer's address and the chain ID. */
export interface EthereumResult {
  bootnode_service_id: string;
  node_info: Record<string, EthereumNodeInfo>;
  /** A Web3 Secret Storage (v3) keystore of the signer's key, as JSON text. */
  signer_keystore_content: string;
  signer_account_password: string;
  signer_address: string;
  network_id: number;
}
