// Decrypts a Web3 Secret Storage (v3) keystore the way wallets do, with noble's scrypt rather than
// node:crypto's, which wrote it: a keystore that decrypts here is not just consistent with itself.
import { createDecipheriv } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3';
import { scrypt } from '@noble/hashes/scrypt';

export interface V3Keystore {
  address: string;
  crypto: {
    cipher: string;
    cipherparams: { iv: string };
    ciphertext: string;
    kdf: string;
    kdfparams: { dklen: number; n: number; p: number; r: number; salt: string };
    mac: string;
  };
}

/** The private key, 64 hex digits; throws on a wrong password. */
export function decryptKeystore(keystore: V3Keystore, password: string): string {
  const { kdf, cipher, kdfparams, ciphertext, cipherparams, mac } = keystore.crypto;
  if (kdf !== 'scrypt' || cipher !== 'aes-128-ctr') throw new Error(`unexpected keystore kdf ${kdf} / cipher ${cipher}`);
  const derived = Buffer.from(scrypt(password, Buffer.from(kdfparams.salt, 'hex'), { N: kdfparams.n, r: kdfparams.r, p: kdfparams.p, dkLen: kdfparams.dklen }));
  const expectedMac = Buffer.from(keccak_256(Buffer.concat([derived.subarray(16, 32), Buffer.from(ciphertext, 'hex')]))).toString('hex');
  if (expectedMac !== mac) throw new Error('wrong password (MAC mismatch)');
  const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), Buffer.from(cipherparams.iv, 'hex'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'hex')), decipher.final()]).toString('hex');
}
