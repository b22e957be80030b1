// The network's genesis, in geth's genesis-file format (which the EthereumJS client reads with
// --gethGenesis): a clique chain with one signer, every fork up to London active from block 0,
// the signer and the prefunded accounts funded. Pure.
import type { PrefundedAccount } from './ethereum-params';

/** What the signer holds: 10^9 ether, plenty for any test, far from overflowing anything. */
export const SIGNER_BALANCE_WEI = 10n ** 27n;
/** 30 million gas per block, mainnet's limit in 2021. */
export const GAS_LIMIT = 30_000_000;
/** Clique's epoch (checkpoint interval), geth's default. */
export const CLIQUE_EPOCH = 30_000;

export interface GenesisSpec {
  chainId: number;
  blockPeriodSeconds: number;
  signerAddress: string;
  prefundedAccounts: readonly PrefundedAccount[];
  /** Unix seconds */
  timestamp: number;
}

const hex = (n: bigint | number) => `0x${BigInt(n).toString(16)}`;

/** Clique's extraData: 32 bytes of vanity, the signers' addresses, a 65-byte (empty) seal. */
export function cliqueExtraData(signerAddresses: readonly string[]): string {
  return `0x${'00'.repeat(32)}${signerAddresses.map((a) => a.slice(2).toLowerCase()).join('')}${'00'.repeat(65)}`;
}

export function gethGenesis(spec: GenesisSpec): Record<string, unknown> {
  const alloc: Record<string, { balance: string }> = {};
  // A prefunded account that is the signer too gets what was asked for it.
  alloc[spec.signerAddress.slice(2).toLowerCase()] = { balance: hex(SIGNER_BALANCE_WEI) };
  for (const account of spec.prefundedAccounts) alloc[account.address.slice(2).toLowerCase()] = { balance: hex(BigInt(account.balance)) };
  return {
    config: {
      chainId: spec.chainId,
      homesteadBlock: 0,
      eip150Block: 0,
      eip155Block: 0,
      eip158Block: 0,
      byzantiumBlock: 0,
      constantinopleBlock: 0,
      petersburgBlock: 0,
      istanbulBlock: 0,
      berlinBlock: 0,
      londonBlock: 0,
      clique: { period: spec.blockPeriodSeconds, epoch: CLIQUE_EPOCH },
    },
    nonce: '0x0',
    timestamp: hex(spec.timestamp),
    extraData: cliqueExtraData([spec.signerAddress]),
    gasLimit: hex(GAS_LIMIT),
    difficulty: '0x1',
    mixHash: `0x${'00'.repeat(32)}`,
    coinbase: `0x${'00'.repeat(20)}`,
    baseFeePerGas: hex(1_000_000_000),
    number: '0x0',
    gasUsed: '0x0',
    parentHash: `0x${'00'.repeat(32)}`,
    alloc,
  };
}
