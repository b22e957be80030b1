// The Ethereum module in real enclaves, on the real client image: a 3-node network that is peered
// and agrees, a transaction signed on the host and sent through a child's published loopback port
// mined and seen by every node, the signer partitioned away with the repartitioner (the children
// stop, the signer goes on) and healed (the children catch up), bad params refused with nothing
// started, a network that cannot get ready in time removed again, and nothing published beyond
// 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { KurtosisError, StatusCode } from '@kurtosis-ts/engine-client';
import type { EnclaveContext } from '@kurtosis-ts/engine-client';
import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';
import { KURTOSIS_TESTING_VERSION, KurtosisEngineContainer } from '@kurtosis-ts/testing';
import type { ModuleUnderTest, StartedKurtosisEngineContainer } from '@kurtosis-ts/testing';
import type { EthereumResult } from '../src/ethereum-params';
import { decryptKeystore } from './decrypt-keystore';
import { blockHashAt, head, hostNodes, publishedBindings, signTransfer, until, untilAllAgree } from './host-network';
import type { HostNode } from './host-network';

const MODULE_IMAGE = `kurtosis-ts/ethereum-module:${KURTOSIS_TESTING_VERSION}`;
const CLIENT_IMAGE = `kurtosis-ts/ethereumjs-client:${KURTOSIS_TESTING_VERSION}`;
const REPARTITIONER_IMAGE = `kurtosis-ts/repartitioner-module:${KURTOSIS_TESTING_VERSION}`;
const NODES = ['bootnode', 'ethereum-node-1', 'ethereum-node-2'];
const BLOCK_PERIOD_S = 2;
const PREFUNDED = { address: `0x${randomBytes(20).toString('hex')}`, balance: '123456789000000000000' };

function addressOf(privateKeyHex: string): string {
  return `0x${Buffer.from(keccak_256(secp256k1.getPublicKey(Buffer.from(privateKeyHex, 'hex'), false).subarray(1)).subarray(12)).toString('hex')}`;
}

async function refusal(run: () => Promise<unknown>): Promise<KurtosisError> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KurtosisError);
  return err as KurtosisError;
}

describe('ethereum module', () => {
  let engine: StartedKurtosisEngineContainer;
  let ethereum: ModuleUnderTest;
  let result: EthereumResult;
  let nodes: HostNode[];

  beforeAll(async () => {
    engine = await new KurtosisEngineContainer().start();
    ethereum = await engine.loadModuleInEnclave({ image: MODULE_IMAGE, moduleId: 'ethereum', isPartitioningEnabled: true });
    result = await ethereum.executeJson<EthereumResult>({ clientImage: CLIENT_IMAGE, blockPeriodSeconds: BLOCK_PERIOD_S, prefundedAccounts: [PREFUNDED] });
    nodes = await hostNodes(ethereum.enclave, NODES);
  });

  afterAll(async () => {
    await ethereum?.destroy();
    await engine?.stop();
  });

  it("returns the original's result shape for a signer and two children, with a keystore that decrypts to the signer's key", async () => {
    expect(result.bootnode_service_id).toBe('bootnode');
    expect(Object.keys(result.node_info).sort()).toEqual(NODES);
    for (const id of NODES) {
      const service = await ethereum.enclave.getServiceContext(id);
      expect(result.node_info[id]).toEqual({
        ip_addr_inside_network: service.getPrivateIPAddress(),
        ip_addr_on_host_machine: '127.0.0.1',
        rpc_port_id: 'rpc',
        ws_port_id: 'ws',
        tcp_discovery_port_id: 'tcpDiscovery',
        udp_discovery_port_id: 'udpDiscovery',
      });
    }
    const keystore = JSON.parse(result.signer_keystore_content);
    const privateKey = decryptKeystore(keystore, result.signer_account_password);
    expect(addressOf(privateKey)).toBe(result.signer_address);
    expect(`0x${keystore.address}`).toBe(result.signer_address);
    expect(() => decryptKeystore(keystore, 'not the password')).toThrow('MAC mismatch');
  });

  it('leaves every node peered with every other and all agreeing on the head, the prefunded account funded', async () => {
    const nodeIds = await Promise.all(nodes.map(async (n) => (await n.rpc.call<{ enode: string }>('admin_nodeInfo')).enode.slice(8, 8 + 128)));
    for (const [i, node] of nodes.entries()) {
      const peers = (await node.rpc.call<{ id: string }[]>('admin_peers')).map((p) => p.id.replace(/^0x/, ''));
      expect(new Set(peers)).toEqual(new Set(nodeIds.filter((_, j) => j !== i)));
    }
    const agreed = await untilAllAgree(nodes, 30_000);
    expect(agreed.number).toBeGreaterThanOrEqual(1);
    for (const node of nodes) {
      expect(BigInt(await node.rpc.call<string>('eth_getBalance', [PREFUNDED.address, 'latest']))).toBe(BigInt(PREFUNDED.balance));
      expect(Number(BigInt(await node.rpc.call<string>('net_version')))).toBe(77813);
    }
  });

  it("mines a transfer signed on the host and sent to a child's published loopback port, seen in the same block by every node", async () => {
    const privateKey = decryptKeystore(JSON.parse(result.signer_keystore_content), result.signer_account_password);
    const child = nodes[1];
    const to = `0x${randomBytes(20).toString('hex')}`;
    const nonce = Number(BigInt(await child.rpc.call<string>('eth_getTransactionCount', [result.signer_address, 'latest'])));
    const raw = signTransfer({ privateKey, chainId: 77813, nonce, to, value: 4242n });
    const txHash = await child.rpc.call<string>('eth_sendRawTransaction', [raw]);
    const minedIn = await until('the transfer to be mined on every node', 60_000, async () => {
      const receipts = await Promise.all(nodes.map((n) => n.rpc.call<{ blockHash: string; status: string } | null>('eth_getTransactionReceipt', [txHash])));
      return receipts.every((r) => r !== null && r.blockHash === receipts[0]?.blockHash) ? receipts[0] : undefined;
    });
    expect(minedIn?.status).toBe('0x1');
    for (const node of nodes) {
      await until(`'${node.serviceId}' to show the recipient's balance`, 30_000, async () =>
        BigInt(await node.rpc.call<string>('eth_getBalance', [to, 'latest'])) === 4242n ? true : undefined,
      );
    }
  });

  it('stops the children while the signer is partitioned away and goes on, and lets them catch up after the heal', async () => {
    const repartitioner = await ethereum.enclave.loadModule('repartitioner', REPARTITIONER_IMAGE, '{}');
    try {
      await repartitioner.execute(
        JSON.stringify({ plan: { partitions: { signer: ['bootnode'], children: ['ethereum-node-1', 'ethereum-node-2'] }, connections: [{ between: ['signer', 'children'], blocked: true }] } }),
      );
      // A block already on its way when the cut came may still land: start watching once the signer sealed another.
      const cutAt = await head(nodes[0]);
      await until('the signer to seal a block after the cut', 30_000, async () => ((await head(nodes[0])).number > cutAt.number ? true : undefined));
      // A child that got a block just before the cut passes it on to the other child (they still
      // reach each other): they stop at the head they share.
      const frozen = await until('the children to share one head behind the cut', 30_000, async () => {
        const heads = await Promise.all(nodes.slice(1).map(head));
        return heads.every((h) => h.hash === heads[0]?.hash) ? heads : undefined;
      });
      expect(frozen[0]?.number).toBeLessThan((await head(nodes[0])).number);
      const signerStart = await head(nodes[0]);
      // The signer goes on for 3 more block periods; at every look the children are where they were.
      const partitionDeadline = Date.now() + 60_000;
      while ((await head(nodes[0])).number < signerStart.number + 3) {
        expect(await Promise.all(nodes.slice(1).map(head))).toEqual(frozen);
        if (Date.now() > partitionDeadline) throw new Error('the partitioned signer did not seal 3 more blocks within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(await Promise.all(nodes.slice(1).map(head))).toEqual(frozen);

      await repartitioner.execute(JSON.stringify({ steps: [{ afterSeconds: 0, heal: true }] }));
      const healedAt = Date.now();
      const target = await head(nodes[0]);
      for (const child of nodes.slice(1)) {
        await until(`'${child.serviceId}' to reach the signer's head ${target.number} after the heal`, 120_000, async () =>
          (await blockHashAt(child, target.number)) === target.hash ? true : undefined,
        );
      }
      console.log(`children caught up with block ${target.number} ${((Date.now() - healedAt) / 1000).toFixed(1)} s after the heal`);
      await untilAllAgree(nodes, 30_000);
    } finally {
      await ethereum.enclave.unloadModule('repartitioner');
    }
  });

  it('publishes every port of every node on 127.0.0.1 only', async () => {
    for (const id of NODES) {
      const service = await ethereum.enclave.getServiceContext(id);
      expect(service.getMaybePublicIPAddress()).toBe('127.0.0.1');
      expect([...service.getPublicPorts().keys()].sort()).toEqual(['rpc', 'tcpDiscovery', 'udpDiscovery', 'ws']);
    }
    const bindings = publishedBindings(ethereum.enclaveId);
    expect(bindings.length).toBeGreaterThanOrEqual(NODES.length * 4);
    for (const binding of bindings) expect(binding).toMatch(/^127\.0\.0\.1:\d+->/);
  });

  it('refuses a second network in the same enclave before starting anything', async () => {
    const before = await ethereum.enclave.getServices();
    const err = await refusal(() => ethereum.execute({ clientImage: CLIENT_IMAGE }));
    expect(err.code).toBe(StatusCode.FAILED_PRECONDITION);
    expect(err.message).toContain('already has bootnode');
    expect(await ethereum.enclave.getServices()).toEqual(before);
  });

  describe('in an enclave of its own', () => {
    let enclave: EnclaveContext;
    const enclaveId = `test-ethereum-${randomBytes(4).toString('hex')}`;

    beforeAll(async () => {
      enclave = await engine.createEnclave(enclaveId);
      await enclave.loadModule('ethereum', MODULE_IMAGE, '{}');
    });

    afterAll(async () => {
      await engine.destroyEnclave(enclaveId);
    });

    it.each([
      [{ numChildNodes: -1 }, 'numChildNodes'],
      [{ prefundedAccounts: [{ address: '0x1234', balance: '1' }] }, 'prefundedAccounts.0.address'],
      [{ prefundedAccounts: [{ address: PREFUNDED.address, balance: '-1' }] }, 'prefundedAccounts.0.balance'],
      [{ prefundedAccounts: [{ address: PREFUNDED.address, balance: '12 ether' }] }, 'prefundedAccounts.0.balance'],
    ])('refuses %j with INVALID_ARGUMENT naming %s, starting nothing', async (params, field) => {
      const module = await enclave.getModuleContext('ethereum');
      const err = await refusal(() => module.execute(JSON.stringify({ ...params, clientImage: CLIENT_IMAGE })));
      expect(err.code).toBe(StatusCode.INVALID_ARGUMENT);
      expect(err.message).toContain(`'${field}'`);
      expect(await enclave.getServices()).toEqual(new Set());
    });

    it('says which node was not ready in time and removes every service it started', async () => {
      const module = await enclave.getModuleContext('ethereum');
      const err = await refusal(() => module.execute(JSON.stringify({ clientImage: CLIENT_IMAGE, numChildNodes: 1, readyTimeoutSeconds: 1 })));
      expect(err.code).toBe(StatusCode.DEADLINE_EXCEEDED);
      expect(err.message).toMatch(/'(bootnode|ethereum-node-1)[^']*' (did not answer|is )/);
      expect(await enclave.getServices()).toEqual(new Set());
    });
  });
});
