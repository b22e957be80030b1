// Enclaves whose API container this engine is stopping or removing on purpose (StopEnclave,
// DestroyEnclave, Clean, the rollback of a failed create), so the supervisor does not undo it. A mark
// lasts until the enclave's API container starts again: after that, a death is news again.
export class DeliberateStops {
  private readonly enclaveIds = new Set<string>();

  mark(enclaveId: string): void {
    this.enclaveIds.add(enclaveId);
  }

  has(enclaveId: string): boolean {
    return this.enclaveIds.has(enclaveId);
  }

  /** Its API container started again (someone started the enclave anew). */
  clear(enclaveId: string): void {
    this.enclaveIds.delete(enclaveId);
  }
}
