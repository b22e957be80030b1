import { PortProtocol } from '@kurtosis-ts/module-api-lib';
import { enodeAt, GENESIS_ENV_VAR, nodeContainerConfig, SIGNER_KEY_ENV_VAR } from './node-config';

const ID = 'ab'.repeat(64);

describe('node container config', () => {
  it('makes the signer seal with its key and a child boot from the signer, both on the original ports', () => {
    const signer = nodeContainerConfig({ image: 'img', genesisJson: '{"g":1}', ipAddress: '172.16.0.5', role: { kind: 'signer', privateKeyHex: '01'.repeat(32) } });
    expect(signer.environmentVariableOverrides).toEqual(new Map([[GENESIS_ENV_VAR, '{"g":1}'], [SIGNER_KEY_ENV_VAR, '01'.repeat(32)]]));
    expect(signer.cmdOverrideArgs).toEqual(expect.arrayContaining(['--mine', '--extIP=172.16.0.5', '--discDns=false', '--discV4=false', '--rpcAddr=0.0.0.0']));
    expect(signer.cmdOverrideArgs.some((a) => a.startsWith('--bootnodes'))).toBe(false);
    expect([...signer.usedPorts].map(([id, p]) => [id, p.number, p.protocol])).toEqual([
      ['rpc', 8545, PortProtocol.TCP],
      ['ws', 8546, PortProtocol.TCP],
      ['tcpDiscovery', 30303, PortProtocol.TCP],
      ['udpDiscovery', 30303, PortProtocol.UDP],
    ]);

    const child = nodeContainerConfig({ image: 'img', genesisJson: '{}', ipAddress: '172.16.0.6', role: { kind: 'child', bootnodeEnode: `enode://${ID}@172.16.0.5:30303` } });
    expect(child.environmentVariableOverrides.has(SIGNER_KEY_ENV_VAR)).toBe(false);
    expect(child.cmdOverrideArgs).toContain(`--bootnodes=enode://${ID}@172.16.0.5:30303`);
    expect(child.cmdOverrideArgs).not.toContain('--mine');
  });

  it("puts the node's enclave address into its enode URL", () => {
    expect(enodeAt(`enode://${ID.toUpperCase()}@0.0.0.0:30303`, '172.16.0.9')).toBe(`enode://${ID}@172.16.0.9:30303`);
    expect(() => enodeAt('enode://1234@0.0.0.0:30303', '172.16.0.9')).toThrow('Not an enode URL');
  });
});
