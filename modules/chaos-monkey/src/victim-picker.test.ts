import { seededRandom } from '@kurtosis-ts/module-api-lib';
import { selectTargets, VictimPicker } from './victim-picker';
import type { ChaosAction } from './chaos-params';

const SERVICES = ['api', 'datastore-0', 'datastore-1', 'datastore-2', 'web'];

describe('selectTargets', () => {
  it('takes services by ID and by a pattern that must match the whole ID, minus exclusions', () => {
    expect(selectTargets(SERVICES, { serviceIds: ['web'], pattern: 'datastore-\\d', exclude: ['datastore-1'] })).toEqual(['datastore-0', 'datastore-2', 'web']);
    expect(selectTargets(SERVICES, { pattern: 'datastore-.*', exclude: [] })).toEqual(['datastore-0', 'datastore-1', 'datastore-2']);
  });

  it('does not let a pattern match part of an ID', () => {
    expect(() => selectTargets(SERVICES, { pattern: 'data', exclude: [] })).toThrow("'targets' select no service of the enclave (its services: api, datastore-0, datastore-1, datastore-2, web)");
  });

  it('refuses service IDs the enclave does not have', () => {
    expect(() => selectTargets(SERVICES, { serviceIds: ['web', 'ghost', 'phantom'], exclude: [] })).toThrow(
      "'targets.serviceIds' names services the enclave does not have: ghost, phantom",
    );
  });

  it('refuses a selection that exclusions empty', () => {
    expect(() => selectTargets(SERVICES, { serviceIds: ['web'], exclude: ['web'] })).toThrow('select no service');
  });
});

describe('VictimPicker', () => {
  const picker = (seed: number, params: Partial<{ actions: ChaosAction[]; probability: number; maxVictimsPerRound: number; minSurvivors: number }> = {}) =>
    new VictimPicker({ actions: ['kill', 'pause', 'remove'], probability: 1, maxVictimsPerRound: 2, minSurvivors: 1, ...params }, seededRandom(seed));

  it('makes the same decisions for the same seed', () => {
    const rounds = (p: VictimPicker) => [p.pick(SERVICES), p.pick(SERVICES), p.pick(SERVICES)];
    expect(rounds(picker(11))).toEqual(rounds(picker(11)));
    expect(rounds(picker(11))).not.toEqual(rounds(picker(12)));
  });

  it('strikes distinct services among those up, with one of the allowed actions', () => {
    for (let seed = 0; seed < 50; seed++) {
      const strikes = picker(seed).pick(['a', 'b', 'c', 'd']);
      expect(strikes).toHaveLength(2);
      expect(new Set(strikes.map((s) => s.serviceId)).size).toBe(2);
      for (const s of strikes) {
        expect(['a', 'b', 'c', 'd']).toContain(s.serviceId);
        expect(['kill', 'pause', 'remove']).toContain(s.action);
      }
    }
  });

  it('keeps minSurvivors up', () => {
    expect(picker(1, { maxVictimsPerRound: 10, minSurvivors: 3 }).pick(['a', 'b', 'c', 'd', 'e'])).toHaveLength(2);
    expect(picker(1, { maxVictimsPerRound: 10, minSurvivors: 3 }).pick(['a', 'b', 'c'])).toEqual([]);
    expect(picker(1, { maxVictimsPerRound: 10, minSurvivors: 0 }).pick(['a', 'b', 'c'])).toHaveLength(3);
  });

  it('strikes in about `probability` of the rounds', () => {
    const p = picker(5, { probability: 0.3, maxVictimsPerRound: 1, minSurvivors: 0 });
    const struck = Array.from({ length: 1000 }, () => p.pick(['a', 'b']).length).reduce((a, b) => a + b, 0);
    expect(struck).toBeGreaterThan(250);
    expect(struck).toBeLessThan(350);
    expect(picker(5, { probability: 0 }).pick(['a', 'b', 'c'])).toEqual([]);
  });

  it('spreads victims over the candidates', () => {
    const p = picker(9, { maxVictimsPerRound: 1, minSurvivors: 0 });
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const [strike] = p.pick(['a', 'b', 'c']);
      counts.set(strike.serviceId, (counts.get(strike.serviceId) ?? 0) + 1);
    }
    for (const id of ['a', 'b', 'c']) expect(counts.get(id)).toBeGreaterThan(850);
  });
});
