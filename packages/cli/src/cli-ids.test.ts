import { enclaveIdArg } from './cli-ids';
import { EXIT_USAGE, UsageError } from './errors/cli-errors';

describe('enclaveIdArg', () => {
  it('takes an enclave ID of the original alphabet', () => {
    expect(enclaveIdArg('My_Test.1')).toBe('My_Test.1');
  });

  it('makes an ID no enclave can have a usage error, saying why', () => {
    expect(() => enclaveIdArg('a b')).toThrow(new UsageError("enclave ID 'a b' is invalid: use only letters, digits, '.', '_' and '-'"));
    try {
      enclaveIdArg('');
    } catch (err) {
      expect((err as UsageError).exitCode).toBe(EXIT_USAGE);
    }
  });
});
