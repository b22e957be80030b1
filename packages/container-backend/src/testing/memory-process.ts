// One process of the in-memory platform (an engine, API container, service, sidecar, module or
// expander) with what the fake needs to answer like a container platform: status, exit code,
// times, output, published ports, and waiters for its exit and output.
import type { PortSpec } from '@kurtosis-ts/domain';
import type { ObjectRef, OutputStreamName, RuntimeState, RuntimeStatus } from '../backend/objects';
import type { OutputChunk } from './memory-output-lines';

export function refKey(ref: ObjectRef): string {
  switch (ref.kind) {
    case 'engine':
      return `engine/${ref.guid}`;
    case 'api-container':
      return `api-container/${ref.enclaveId}`;
    case 'files-artifact-expander':
      return `${ref.kind}/${ref.enclaveId}/${ref.guid}/${ref.artifactId}`;
    default:
      return `${ref.kind}/${ref.enclaveId}/${ref.guid}`;
  }
}

/** What a process was started with, for tests to check. */
export interface ProcessSpec {
  image: string;
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  ports: Record<string, PortSpec>;
  /** Path → what is mounted there ("enclave data", "files artifact <id>", …). */
  mounts: Record<string, string>;
  privateIp: string;
}

export class MemoryProcess {
  status: RuntimeStatus = 'stopped';
  exitCode = 0;
  neverStarted = true;
  startedAtMs = 0;
  finishedAtMs = 0;
  /** Published port per private "<number>/<protocol>", while it runs (and it owns its network). */
  publishedPorts = new Map<string, number>();
  /** Services only: still part of the enclave (false once removed: kept for inspection). */
  attached = true;
  /** Services only: joined its sidecar's network identity. */
  joinedSidecar = false;
  private readonly output: OutputChunk[] = [];
  private readonly outputListeners = new Set<(chunk: OutputChunk) => void>();
  private readonly exitListeners = new Set<() => void>();

  constructor(
    readonly ref: ObjectRef,
    readonly objectId: string,
    readonly displayName: string,
    readonly platformId: string,
    readonly spec: ProcessSpec,
  ) {}

  state(): RuntimeState {
    return { status: this.status, exitCode: this.exitCode, neverStarted: this.neverStarted, startedAtMs: this.startedAtMs, finishedAtMs: this.finishedAtMs };
  }

  markStarted(nowMs: number): void {
    this.status = 'running';
    this.neverStarted = false;
    this.startedAtMs = nowMs;
  }

  markExited(exitCode: number, nowMs: number): void {
    this.status = 'stopped';
    this.exitCode = exitCode;
    this.finishedAtMs = nowMs;
    this.publishedPorts.clear();
    for (const listener of [...this.exitListeners]) listener();
  }

  write(text: string, nowMs: number, stream: OutputStreamName = 'stdout'): void {
    const chunk = { atMs: nowMs, stream, text };
    this.output.push(chunk);
    for (const listener of [...this.outputListeners]) listener(chunk);
  }

  /** Output written at or after `sinceMs` (all of it without). */
  outputSince(sinceMs?: number): string {
    return this.output
      .filter((c) => sinceMs === undefined || c.atMs >= sinceMs)
      .map((c) => c.text)
      .join('');
  }

  /** Everything it wrote, in order, each piece with its stream and time. */
  chunks(): readonly OutputChunk[] {
    return this.output;
  }

  onOutput(listener: (chunk: OutputChunk) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  onExit(listener: () => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }
}
