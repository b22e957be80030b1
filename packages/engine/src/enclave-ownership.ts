// Which enclaves an engine looks after. Several engines may share a platform (test suites run their
// own), so an engine supervises and reconciles only the enclaves it created, and those whose creator
// engine no longer runs (orphans: someone has to). Pure.

/**
 * `creatorEngineGuid` is what the creating engine passed: its own guid (on Docker its hostname, the
 * first 12 characters of its container ID). "" (made outside an engine, e.g. by a test through the
 * backend directly) is never ours to touch.
 */
export function isLookedAfterBy(creatorEngineGuid: string, ownEngineGuid: string, runningEngineGuids: readonly string[]): boolean {
  if (creatorEngineGuid === '') return false;
  if (creatorEngineGuid === ownEngineGuid) return true;
  return !runningEngineGuids.includes(creatorEngineGuid);
}
