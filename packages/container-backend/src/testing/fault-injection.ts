// Failures a test plants in the in-memory backend: the next call (or the next n, or those whose
// arguments match) of a method throws the given error instead of doing anything.

interface PlantedFault {
  method: string;
  error: Error;
  remaining: number;
  when?: (...args: unknown[]) => boolean;
}

export class FaultInjection {
  private readonly faults: PlantedFault[] = [];

  /** The next `times` calls of `method` (1 by default) for which `when` holds throw `error`. */
  failNext(method: string, error: Error, options: { times?: number; when?: (...args: unknown[]) => boolean } = {}): void {
    this.faults.push({ method, error, remaining: options.times ?? 1, ...(options.when ? { when: options.when } : {}) });
  }

  /** Throws the planted error when one applies to this call. */
  check(method: string, args: readonly unknown[]): void {
    const fault = this.faults.find((f) => f.method === method && f.remaining > 0 && (!f.when || f.when(...args)));
    if (!fault) return;
    fault.remaining--;
    if (fault.remaining === 0) this.faults.splice(this.faults.indexOf(fault), 1);
    throw fault.error;
  }

  clear(): void {
    this.faults.length = 0;
  }
}
