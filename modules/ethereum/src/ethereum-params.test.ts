import { ParamsValidationError } from '@kurtosis-ts/module-api-lib';
import { parseExecuteParams } from './ethereum-params';

describe('ethereum execute params', () => {
  it("reads {} as the original's network: a signer and two children, 2 s blocks, network 77813", () => {
    expect(parseExecuteParams('{}')).toEqual({
      numChildNodes: 2,
      blockPeriodSeconds: 2,
      prefundedAccounts: [],
      clientImage: 'kurtosis-ts/ethereumjs-client:latest',
      networkId: 77813,
      readyTimeoutSeconds: 180,
    });
  });

  it('accepts prefunded accounts with decimal or hex balances, up to 2^256 - 1 wei', () => {
    const max = ((1n << 256n) - 1n).toString();
    const params = parseExecuteParams(
      JSON.stringify({ numChildNodes: 0, prefundedAccounts: [{ address: `0x${'aB'.repeat(20)}`, balance: max }, { address: `0x${'12'.repeat(20)}`, balance: '0xff' }] }),
    );
    expect(params.prefundedAccounts).toHaveLength(2);
    expect(params.numChildNodes).toBe(0);
  });

  it.each([
    ['{"numChildNodes":-1}', 'numChildNodes'],
    ['{"numChildNodes":1.5}', 'numChildNodes'],
    ['{"numChildNodes":11}', 'numChildNodes'],
    ['{"blockPeriodSeconds":0}', 'blockPeriodSeconds'],
    ['{"prefundedAccounts":[{"address":"0x1234","balance":"1"}]}', 'prefundedAccounts.0.address'],
    ['{"prefundedAccounts":[{"address":"0xzz00000000000000000000000000000000000000","balance":"1"}]}', 'prefundedAccounts.0.address'],
    [`{"prefundedAccounts":[{"address":"0x${'00'.repeat(20)}","balance":"-5"}]}`, 'prefundedAccounts.0.balance'],
    [`{"prefundedAccounts":[{"address":"0x${'00'.repeat(20)}","balance":"1.5"}]}`, 'prefundedAccounts.0.balance'],
    [`{"prefundedAccounts":[{"address":"0x${'00'.repeat(20)}","balance":"${(1n << 256n).toString()}"}]}`, 'prefundedAccounts.0.balance'],
    [`{"prefundedAccounts":[{"address":"0x${'00'.repeat(20)}","balance":1}]}`, 'prefundedAccounts.0.balance'],
    ['{"signerPrivateKey":"0x12"}', 'signerPrivateKey'],
    ['{"clientImage":""}', 'clientImage'],
    ['{"readyTimeoutSeconds":0}', 'readyTimeoutSeconds'],
  ])('refuses %s naming %s', (json, field) => {
    expect(() => parseExecuteParams(json)).toThrow(ParamsValidationError);
    expect(() => parseExecuteParams(json)).toThrow(`'${field}'`);
  });

  it('refuses a field it does not know, naming it', () => {
    expect(() => parseExecuteParams('{"numChildren":3}')).toThrow(/Unrecognized key: "numChildren"/);
  });
});
