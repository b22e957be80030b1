// Signs an EIP-1559 transfer with @ethereumjs/tx, which is ESM-only and so cannot be loaded by Jest:
// the integration test runs this file with node. argv[2]: JSON {privateKey (hex), chainId, nonce,
// to, value (wei, decimal)}. Prints the signed transaction, 0x-prefixed hex.
import { createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common';
import { createFeeMarket1559Tx } from '@ethereumjs/tx';

const { privateKey, chainId, nonce, to, value } = JSON.parse(process.argv[2]);
const common = createCustomCommon({ chainId }, Mainnet, { hardfork: Hardfork.London });
const tx = createFeeMarket1559Tx(
  { chainId: BigInt(chainId), nonce: BigInt(nonce), to, value: BigInt(value), gasLimit: 21_000n, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n },
  { common },
).sign(Buffer.from(privateKey, 'hex'));
process.stdout.write(`0x${Buffer.from(tx.serialize()).toString('hex')}`);
