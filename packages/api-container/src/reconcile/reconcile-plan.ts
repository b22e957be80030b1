// What a (re)starting API container does with what it finds on the platform, decided without it.
// Pure, and generic over how objects are named (the reconciler passes ObjectRefs).
//
// A crash can happen at any point of a call, and the platform keeps whatever was made so far:
// - an expander container of a files artifact being unpacked → removed (its volume goes with it as
//   an unused files-artifact volume);
// - a service container created but never started (StartService cut short) → removed, and so is a
//   networking sidecar whose service container does not exist (cut short before the service was
//   created): the service stays registered (the state file says so) and StartService works again;
// - after a restart of the platform's daemon everything stopped at about the time this API container
//   did: services and modules that were running then are started again (sidecars first, so the
//   partition rules are back before the service's first packet). "At about that time" means they
//   ended no earlier than REVIVAL_WINDOW_MS before this API container's previous run ended: a service
//   that crashed or was stopped long before stays as it is, and one stopped or killed on purpose
//   through the lifecycle extension (its intent) is never revived.
import type { ObjectKind, RuntimeStatus } from '@kurtosis-ts/container-backend';

/** How long before this API container's previous end a container may have ended and still be revived. */
export const REVIVAL_WINDOW_MS = 10_000;

/** What a caller of the lifecycle extension wants a service to stay as, whatever happens to the runtime. */
export type ServiceIntent = 'stopped' | 'paused';

export interface ObservedObject<Ref> {
  ref: Ref;
  kind: ObjectKind;
  /** Its service or module ID. */
  objectId: string;
  guid: string;
  status: RuntimeStatus;
  neverStarted: boolean;
  /** Unix ms of its last exit (0 when it never exited). */
  finishedAtMs: number;
  /** Services only: still part of the enclave (attached to its network itself or through its sidecar), not removed. */
  attached: boolean;
}

export interface ReconcileInput<Ref> {
  objects: readonly ObservedObject<Ref>[];
  intents: Readonly<Record<string, ServiceIntent>>;
  /** When the previous run of this API container ended; 0 on its first run. */
  previousRunEndedAtMs: number;
}

export interface Revival<Ref> {
  objectId: string;
  ref: Ref;
}

export interface ReconcilePlan<Ref> {
  remove: { ref: Ref; why: string }[];
  reviveSidecars: Revival<Ref>[];
  reviveServices: (Revival<Ref> & { pauseAfterStart: boolean })[];
  reviveModules: Revival<Ref>[];
}

export function planReconcile<Ref>(input: ReconcileInput<Ref>): ReconcilePlan<Ref> {
  const plan: ReconcilePlan<Ref> = { remove: [], reviveSidecars: [], reviveServices: [], reviveModules: [] };
  const ofType = (kind: ObjectKind) => input.objects.filter((c) => c.kind === kind);

  for (const expander of ofType('files-artifact-expander')) {
    plan.remove.push({ ref: expander.ref, why: `expander of files artifact '${expander.objectId}' left by an interrupted start` });
  }
  const services = ofType('user-service');
  const kept = services.filter((s) => !s.neverStarted);
  for (const halfStarted of services.filter((s) => s.neverStarted)) {
    plan.remove.push({ ref: halfStarted.ref, why: `container of service '${halfStarted.objectId}' created but never started` });
  }
  const liveGuids = new Set(kept.map((s) => s.guid));
  const sidecars = ofType('networking-sidecar');
  for (const orphan of sidecars.filter((s) => !liveGuids.has(s.guid))) {
    plan.remove.push({ ref: orphan.ref, why: `networking sidecar of service '${orphan.objectId}' without a service container` });
  }

  if (input.previousRunEndedAtMs <= 0) return plan;
  const endedWithUs = (c: ObservedObject<Ref>) => c.status === 'stopped' && !c.neverStarted && c.finishedAtMs >= input.previousRunEndedAtMs - REVIVAL_WINDOW_MS;
  for (const service of kept.filter((s) => s.attached && endedWithUs(s) && input.intents[s.objectId] !== 'stopped')) {
    const sidecar = sidecars.find((s) => s.guid === service.guid);
    if (sidecar && sidecar.status === 'stopped') plan.reviveSidecars.push({ objectId: service.objectId, ref: sidecar.ref });
    plan.reviveServices.push({ objectId: service.objectId, ref: service.ref, pauseAfterStart: input.intents[service.objectId] === 'paused' });
  }
  for (const module of ofType('module').filter(endedWithUs)) {
    plan.reviveModules.push({ objectId: module.objectId, ref: module.ref });
  }
  return plan;
}
