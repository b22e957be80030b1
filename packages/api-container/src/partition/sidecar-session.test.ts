import { parseId, trustedId } from '@kurtosis-ts/domain';
import type { ServiceGuid } from '@kurtosis-ts/domain';
import type { ExecSession, ObjectRef, ObjectRuntime } from '@kurtosis-ts/container-backend';
import { frameTransaction, SESSION_ARGV, SidecarSession } from './sidecar-session';

/** An ExecSession whose other end the test plays: it sees what is written and answers as it likes. */
class FakeExecSession implements ExecSession {
  readonly written: string[] = [];
  private listener: (text: string) => void = () => undefined;
  private end!: () => void;
  readonly ended = new Promise<void>((resolve) => (this.end = resolve));
  closed = false;
  write(data: string): void {
    this.written.push(data);
  }
  onOutput(listener: (text: string) => void): void {
    this.listener = listener;
  }
  close(): void {
    this.closed = true;
  }
  answer(text: string): void {
    this.listener(text);
  }
  die(): void {
    this.end();
  }
}

const SIDECAR: ObjectRef = { kind: 'networking-sidecar', enclaveId: parseId('enclave', 'e'), guid: trustedId<ServiceGuid>('web-1') };

async function openWith(fake: FakeExecSession): Promise<SidecarSession> {
  const backend = { openExecSession: jest.fn(async () => fake) } satisfies Pick<ObjectRuntime, 'openExecSession'>;
  const session = await SidecarSession.open(backend, SIDECAR);
  expect(backend.openExecSession).toHaveBeenCalledWith(SIDECAR, SESSION_ARGV);
  return session;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SidecarSession', () => {
  it('frames a transaction with its byte length, multi-byte characters included', () => {
    expect(frameTransaction('*filter\nCOMMIT\n')).toBe('15\n*filter\nCOMMIT\n');
    expect(frameTransaction('é\n')).toBe('3\né\n');
  });

  it('sends one transaction at a time and resolves each on its own OK line, even split across chunks', async () => {
    const fake = new FakeExecSession();
    const session = await openWith(fake);
    const first = session.apply('A\n');
    const second = session.apply('BB\n');
    await flush();
    expect(fake.written).toEqual(['2\nA\n']);
    fake.answer('O');
    fake.answer('K\n');
    await first;
    await flush();
    expect(fake.written).toEqual(['2\nA\n', '3\nBB\n']);
    fake.answer('OK\n');
    await second;
  });

  it("rejects with iptables-restore's complaint, and keeps going afterwards", async () => {
    const fake = new FakeExecSession();
    const session = await openWith(fake);
    const refused = session.apply('bad\n');
    await flush();
    fake.answer('FAILED iptables-restore: line 2 failed \n');
    await expect(refused).rejects.toThrow('iptables-restore refused the rules: iptables-restore: line 2 failed');
    const next = session.apply('good\n');
    await flush();
    fake.answer('OK\n');
    await expect(next).resolves.toBeUndefined();
  });

  it('rejects a waiting transaction and every later one when the session ends', async () => {
    const fake = new FakeExecSession();
    const session = await openWith(fake);
    const waiting = session.apply('A\n');
    await flush();
    fake.die();
    await expect(waiting).rejects.toThrow('ended before answering');
    expect(session.isAlive()).toBe(false);
    await expect(session.apply('B\n')).rejects.toThrow('has ended');
  });

  it('closes the stdin of the shell on close', async () => {
    const fake = new FakeExecSession();
    const session = await openWith(fake);
    session.close();
    expect(fake.closed).toBe(true);
    expect(session.isAlive()).toBe(false);
  });
});
