// The monkey's decisions, free of I/O: which services are targets, and which of them are struck,
// and how, in each round. Everything random comes from one seeded generator, so the same seed,
// targets and params give the same decisions — leashed or not.
import { ParamsValidationError } from '@kurtosis-ts/module-api-lib';
import type { ChaosAction, RunParams, Targets } from './chaos-params';

export interface Strike {
  serviceId: string;
  action: ChaosAction;
}

/** The enclave's services the params select, sorted; refuses a selection naming unknown services or selecting none. */
export function selectTargets(services: readonly string[], targets: Targets): string[] {
  const known = new Set(services);
  const unknown = (targets.serviceIds ?? []).filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new ParamsValidationError(`Invalid params: 'targets.serviceIds' names services the enclave does not have: ${unknown.sort().join(', ')}`);
  }
  const pattern = targets.pattern === undefined ? undefined : new RegExp(`^(?:${targets.pattern})$`);
  const excluded = new Set(targets.exclude);
  const selected = services
    .filter((s) => (targets.serviceIds?.includes(s) ?? false) || (pattern?.test(s) ?? false))
    .filter((s) => !excluded.has(s))
    .sort();
  if (selected.length === 0) {
    const present = services.length > 0 ? [...services].sort().join(', ') : 'none';
    throw new ParamsValidationError(`Invalid params: 'targets' select no service of the enclave (its services: ${present})`);
  }
  return selected;
}

type PickerParams = Pick<RunParams, 'actions' | 'probability' | 'maxVictimsPerRound' | 'minSurvivors'>;

export class VictimPicker {
  constructor(
    private readonly params: PickerParams,
    private readonly random: () => number,
  ) {}

  /**
   * One round's strikes among the targets that are `up`: none when the round's probability draw
   * fails, never so many that fewer than minSurvivors targets stay up.
   */
  pick(up: readonly string[]): Strike[] {
    // Drawn even when probability is 1, so the sequence does not depend on it.
    if (this.random() >= this.params.probability) return [];
    const count = Math.min(this.params.maxVictimsPerRound, up.length - this.params.minSurvivors);
    if (count <= 0) return [];
    const candidates = [...up].sort();
    // Partial Fisher–Yates: the first `count` places get a uniformly drawn victim each.
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(this.random() * (candidates.length - i));
      [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
    }
    return candidates.slice(0, count).map((serviceId) => ({
      serviceId,
      action: this.params.actions[Math.floor(this.random() * this.params.actions.length)],
    }));
  }
}
