import { cliqueExtraData, gethGenesis, SIGNER_BALANCE_WEI } from './genesis';

const SIGNER = `0x${'Ab'.repeat(20)}`;

describe('genesis', () => {
  it("puts the signer between clique's 32-byte vanity and 65-byte seal", () => {
    const extra = cliqueExtraData([SIGNER]);
    expect(extra).toBe(`0x${'00'.repeat(32)}${'ab'.repeat(20)}${'00'.repeat(65)}`);
    expect((extra.length - 2) / 2).toBe(32 + 20 + 65);
  });

  it('is a clique chain of the given ID and period, London from block 0, the signer and the prefunded accounts funded', () => {
    const genesis = gethGenesis({
      chainId: 77813,
      blockPeriodSeconds: 3,
      signerAddress: SIGNER,
      prefundedAccounts: [{ address: `0x${'11'.repeat(20)}`, balance: '1000' }, { address: `0x${'22'.repeat(20)}`, balance: '0x10' }],
      timestamp: 1_700_000_000,
    }) as { config: Record<string, unknown>; alloc: Record<string, { balance: string }>; timestamp: string };
    expect(genesis.config).toMatchObject({ chainId: 77813, londonBlock: 0, clique: { period: 3, epoch: 30000 } });
    expect(genesis.timestamp).toBe('0x6553f100');
    expect(genesis.alloc).toEqual({
      ['ab'.repeat(20)]: { balance: `0x${SIGNER_BALANCE_WEI.toString(16)}` },
      ['11'.repeat(20)]: { balance: '0x3e8' },
      ['22'.repeat(20)]: { balance: '0x10' },
    });
  });

  it('gives a prefunded signer the balance asked for it', () => {
    const genesis = gethGenesis({ chainId: 1, blockPeriodSeconds: 1, signerAddress: SIGNER, prefundedAccounts: [{ address: SIGNER, balance: '7' }], timestamp: 0 }) as {
      alloc: Record<string, { balance: string }>;
    };
    expect(genesis.alloc).toEqual({ ['ab'.repeat(20)]: { balance: '0x7' } });
  });
});
