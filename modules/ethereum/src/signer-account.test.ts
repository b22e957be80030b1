import { decryptKeystore as decrypt } from '../test/decrypt-keystore';
import { addressOfPrivateKey, encryptKeystore, randomPassword, signerAccount } from './signer-account';

describe('signer account', () => {
  it('derives the well-known address of private key 1', () => {
    expect(addressOfPrivateKey(Buffer.from(`${'00'.repeat(31)}01`, 'hex'))).toBe('0x7e5f4552091a69125d5dfcb7b8c2659029395bdf');
  });

  it('uses a given key and draws a fresh one otherwise', () => {
    const given = signerAccount(`0x${'00'.repeat(31)}01`);
    expect(given).toEqual({ privateKeyHex: `${'00'.repeat(31)}01`, address: '0x7e5f4552091a69125d5dfcb7b8c2659029395bdf' });
    const a = signerAccount();
    const b = signerAccount();
    expect(a.privateKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(a.privateKeyHex).not.toBe(b.privateKeyHex);
    expect(addressOfPrivateKey(Buffer.from(a.privateKeyHex, 'hex'))).toBe(a.address);
  });

  it('refuses a key that is not a secp256k1 private key', () => {
    expect(() => signerAccount(`0x${'00'.repeat(32)}`)).toThrow('not a valid secp256k1 key');
    expect(() => signerAccount(`0x${'ff'.repeat(32)}`)).toThrow('not a valid secp256k1 key');
  });

  it('writes a v3 keystore that decrypts to the key with the password, and only with it', () => {
    const account = signerAccount();
    const password = randomPassword();
    const keystore = encryptKeystore(account, password);
    expect(keystore).toMatchObject({ version: 3, address: account.address.slice(2), crypto: { cipher: 'aes-128-ctr', kdf: 'scrypt' } });
    expect(keystore.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(decrypt(keystore, password)).toBe(account.privateKeyHex);
    expect(() => decrypt(keystore, `${password}x`)).toThrow('MAC mismatch');
  });
});
