// The clique signer's account: a private key (drawn per execute unless given), its address, and a
// Web3 Secret Storage (v3) keystore of it — what geth's `account new` writes, so any Ethereum
// wallet or library can decrypt it with the password. scrypt and AES come from node:crypto;
// secp256k1 and keccak-256, which node:crypto lacks, from the audited noble libraries.
import { createCipheriv, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';

/** geth's "light" scrypt cost (--lightkdf): decrypting takes milliseconds, not a second and 256 MiB. */
export const KEYSTORE_SCRYPT = { n: 4096, r: 8, p: 6, dklen: 32 } as const;

export interface SignerAccount {
  /** 64 hex digits, no 0x */
  privateKeyHex: string;
  /** 0x and 40 lower-case hex digits */
  address: string;
}

export interface KeystoreV3 {
  version: 3;
  id: string;
  address: string;
  crypto: {
    cipher: 'aes-128-ctr';
    cipherparams: { iv: string };
    ciphertext: string;
    kdf: 'scrypt';
    kdfparams: { dklen: number; n: number; p: number; r: number; salt: string };
    mac: string;
  };
}

export function addressOfPrivateKey(privateKey: Uint8Array): string {
  // The address is the last 20 bytes of keccak-256 of the uncompressed public key without its 0x04.
  const publicKey = secp256k1.getPublicKey(privateKey, false).subarray(1);
  return `0x${Buffer.from(keccak_256(publicKey).subarray(12)).toString('hex')}`;
}

/** The given key (0x and 64 hex digits), or a fresh random one. */
export function signerAccount(givenPrivateKey?: string): SignerAccount {
  const privateKey = givenPrivateKey ? Buffer.from(givenPrivateKey.slice(2), 'hex') : Buffer.from(secp256k1.utils.randomPrivateKey());
  if (!secp256k1.utils.isValidPrivateKey(privateKey)) throw new RangeError('The signer private key is not a valid secp256k1 key (zero, or not below the curve order)');
  return { privateKeyHex: privateKey.toString('hex'), address: addressOfPrivateKey(privateKey) };
}

export function randomPassword(): string {
  return randomBytes(16).toString('hex');
}

export function encryptKeystore(account: SignerAccount, password: string, random: (size: number) => Buffer = randomBytes): KeystoreV3 {
  const salt = random(32);
  const iv = random(16);
  const { n, r, p, dklen } = KEYSTORE_SCRYPT;
  const derived = scryptSync(Buffer.from(password, 'utf8'), salt, dklen, { N: n, r, p, maxmem: 256 * n * r * (p + 1) });
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(account.privateKeyHex, 'hex')), cipher.final()]);
  const mac = keccak_256(Buffer.concat([derived.subarray(16, 32), ciphertext]));
  return {
    version: 3,
    id: randomUUID(),
    address: account.address.slice(2),
    crypto: {
      cipher: 'aes-128-ctr',
      cipherparams: { iv: iv.toString('hex') },
      ciphertext: ciphertext.toString('hex'),
      kdf: 'scrypt',
      kdfparams: { dklen, n, p, r, salt: salt.toString('hex') },
      mac: Buffer.from(mac).toString('hex'),
    },
  };
}
