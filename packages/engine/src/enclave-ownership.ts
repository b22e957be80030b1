// Which enclaves an engine looks after. Several engines may share a Docker host (test suites run
// their own), so an engine supervises and reconciles only the enclaves it created, and those whose
// creator engine no longer runs (orphans: someone has to). Pure.

/**
 * `creatorEngineId` is what the creating engine passed: its hostname, which Docker makes the first 12
 * characters of its container ID. "" (made outside an engine, e.g. by a test through the backend
 * directly) is never ours to touch.
 */
export function isLookedAfterBy(creatorEngineId: string, ownEngineId: string, runningEngineContainerIds: readonly string[]): boolean {
  if (creatorEngineId === '') return false;
  if (creatorEngineId === ownEngineId) return true;
  return !runningEngineContainerIds.some((id) => id.startsWith(creatorEngineId));
}
