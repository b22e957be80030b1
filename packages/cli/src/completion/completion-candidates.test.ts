import { createProgram } from '../program';
import { completionCandidates } from './completion-candidates';

describe('completionCandidates', () => {
  const program = createProgram(async () => undefined);

  it('offers the topics and verbs by prefix', () => {
    expect(completionCandidates(program, ['en']).candidates).toEqual(['enclave', 'engine']);
    expect(completionCandidates(program, ['enclave', 'l']).candidates).toEqual(['logs', 'ls']);
    expect(completionCandidates(program, ['']).candidates).toContain('completion');
    expect(completionCandidates(program, ['']).candidates).not.toContain('__complete');
  });

  it('offers the options of the verb', () => {
    expect(completionCandidates(program, ['service', 'logs', 'e', 'web', '--t']).candidates).toEqual(['--tail', '--timestamps']);
  });

  it('asks for enclave IDs and for the services of the named enclave', () => {
    expect(completionCandidates(program, ['enclave', 'inspect', 'my']).lookup).toEqual({ kind: 'enclave' });
    expect(completionCandidates(program, ['service', 'logs', 'my-enclave', '']).lookup).toEqual({ kind: 'service', enclaveId: 'my-enclave' });
    expect(completionCandidates(program, ['service', 'rm', 'e', 'a', '']).lookup).toEqual({ kind: 'service', enclaveId: 'e' });
    expect(completionCandidates(program, ['enclave', 'logs', '--tail', '5', '']).lookup).toEqual({ kind: 'enclave' });
  });
});
