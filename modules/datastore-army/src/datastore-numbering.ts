// Which datastore-<k> numbers an execute takes. A module keeps its counter in memory, and a module
// container that was restarted (a Docker daemon restart, a crash) has lost it: so the numbering
// continues after the highest datastore-<k> the enclave already has, too. Pure.

const DATASTORE_ID = /^datastore-(0|[1-9]\d*)$/;

export function datastoreId(index: number): string {
  return `datastore-${index}`;
}

/** The first free number: above both the module's own counter and every datastore-<k> of the enclave. */
export function nextDatastoreIndex(existingServiceIds: Iterable<string>, nextInMemory: number): number {
  let next = nextInMemory;
  for (const id of existingServiceIds) {
    const match = DATASTORE_ID.exec(id);
    if (match) next = Math.max(next, Number(match[1]) + 1);
  }
  return next;
}
