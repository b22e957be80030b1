// The plan made concrete against the enclave's services, free of I/O: which services each step
// touches, in which batches, which IDs a scale-out creates and which services a scale-in removes.
// Steps are planned in order over the set of services as the earlier steps leave it, so a plan
// that could not run (a selection that finds nothing, a template that does not exist, a batch
// larger than maxUnavailable) is refused before anything changes, naming the step and the field.
import { ParamsValidationError, seededRandom } from '@kurtosis-ts/module-api-lib';
import type { ExecStep, MutationPlanParams, RollingStep, ScaleStep, Selection, Step } from './mutation-params';

export interface PlannedRollout {
  kind: 'rollout';
  index: number;
  step: RollingStep;
  services: string[];
  batches: string[][];
  maxUnavailable: number;
}

export interface PlannedScaleOut {
  kind: 'scale-out';
  index: number;
  step: ScaleStep;
  template: string;
  newServiceIds: string[];
}

export interface PlannedScaleIn {
  kind: 'scale-in';
  index: number;
  step: ScaleStep;
  removed: string[];
  /** The seed random choices were drawn with. */
  seed?: number;
}

export interface PlannedExec {
  kind: 'exec';
  index: number;
  step: ExecStep;
  services: string[];
}

export type PlannedStep = PlannedRollout | PlannedScaleOut | PlannedScaleIn | PlannedExec;

const refuse = (index: number, field: string, problem: string) => new ParamsValidationError(`Invalid params: 'steps.${index}.${field}': ${problem}`);

/** The services a selection picks, sorted; refused when it names unknown services or picks none. */
export function select(services: ReadonlySet<string>, selection: Selection, index: number, field = 'targets'): string[] {
  const unknown = (selection.serviceIds ?? []).filter((s) => !services.has(s));
  if (unknown.length > 0) throw refuse(index, `${field}.serviceIds`, `names services the enclave will not have then: ${unknown.sort().slice(0, 10).join(', ')}`);
  const pattern = selection.pattern === undefined ? undefined : new RegExp(`^(?:${selection.pattern})$`);
  const excluded = new Set(selection.exclude);
  const picked = [...services].filter((s) => (selection.serviceIds?.includes(s) ?? false) || (pattern?.test(s) ?? false)).filter((s) => !excluded.has(s));
  if (picked.length === 0) {
    const present = services.size > 0 ? [...services].sort().slice(0, 10).join(', ') : 'none';
    throw refuse(index, field, `selects no service (the services then: ${present})`);
  }
  return picked.sort(byAge);
}

/** The number after the last '-' of an ID (what scale-out appends), or -1. */
export function ordinalOf(serviceId: string): number {
  const match = /-(\d{1,9})$/.exec(serviceId);
  return match ? Number(match[1]) : -1;
}

/** Oldest first: by the ordinal scale-out gives, then by ID. */
export function byAge(a: string, b: string): number {
  return ordinalOf(a) - ordinalOf(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** `<template>-<k>` for the next `count` k after the highest one in use (from 1). */
export function nextCloneIds(services: ReadonlySet<string>, template: string, count: number): string[] {
  const prefix = `${template}-`;
  const used = [...services].filter((s) => s.startsWith(prefix) && /^\d{1,9}$/.test(s.slice(prefix.length))).map((s) => Number(s.slice(prefix.length)));
  const first = Math.max(0, ...used) + 1;
  return Array.from({ length: count }, (_, i) => `${prefix}${first + i}`);
}

function batchesOf(services: readonly string[], size: number): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < services.length; i += size) batches.push(services.slice(i, i + size));
  return batches;
}

function planStep(step: Step, index: number, services: Set<string>, drawSeed: () => number): PlannedStep {
  switch (step.action) {
    case 'upgrade':
    case 'reconfigure':
    case 'restart': {
      const maxUnavailable = step.maxUnavailable ?? step.batchSize;
      if (step.batchSize > maxUnavailable) {
        throw refuse(index, 'maxUnavailable', `is ${maxUnavailable}, less than batchSize ${step.batchSize}: a batch is down at once`);
      }
      const selected = select(services, step.targets, index);
      return { kind: 'rollout', index, step, services: selected, batches: batchesOf(selected, step.batchSize), maxUnavailable };
    }
    case 'exec':
      return { kind: 'exec', index, step, services: select(services, step.targets, index) };
    case 'scale': {
      if (step.add !== undefined) {
        const template = step.template as string;
        if (!services.has(template)) throw refuse(index, 'template', `names service '${template}', which the enclave will not have then`);
        const newServiceIds = nextCloneIds(services, template, step.add);
        for (const id of newServiceIds) services.add(id);
        return { kind: 'scale-out', index, step, template, newServiceIds };
      }
      const count = step.remove as number;
      const candidates = select(services, step.targets as Selection, index);
      if (count > candidates.length) throw refuse(index, 'remove', `is ${count}, but the targets select only ${candidates.length} services`);
      let removed: string[];
      let seed: number | undefined;
      if (step.choose === 'random') {
        seed = step.seed ?? drawSeed();
        const random = seededRandom(seed);
        const pool = [...candidates];
        for (let i = 0; i < count; i++) {
          const j = i + Math.floor(random() * (pool.length - i));
          [pool[i], pool[j]] = [pool[j], pool[i]];
        }
        removed = pool.slice(0, count);
      } else {
        removed = step.choose === 'oldest' ? candidates.slice(0, count) : [...candidates].reverse().slice(0, count);
      }
      for (const id of removed) services.delete(id);
      return { kind: 'scale-in', index, step, removed, ...(seed !== undefined ? { seed } : {}) };
    }
  }
}

/** Every step made concrete, or the first step that could not run. `drawSeed` supplies absent seeds. */
export function planMutations(services: Iterable<string>, params: MutationPlanParams, drawSeed: () => number): PlannedStep[] {
  const now = new Set(services);
  return params.steps.map((step, index) => planStep(step, index, now, drawSeed));
}
