import { parseParams } from '@kurtosis-ts/module-api-lib';
import { withTag } from './config-change';
import { planSchema } from './mutation-params';
import { nextCloneIds, planMutations } from './mutation-plan';

const services = ['ds-0', 'ds-1', 'ds-2', 'ds-3', 'web'];
const plan = (params: unknown) => planMutations(services, parseParams(planSchema, JSON.stringify(params)), () => 7);

describe('planning', () => {
  it('makes batches of the selection, oldest first', () => {
    const [step] = plan({ steps: [{ action: 'upgrade', tag: '2', targets: { pattern: 'ds-.*', exclude: ['ds-3'] }, batchSize: 2 }] });
    expect(step).toMatchObject({ kind: 'rollout', services: ['ds-0', 'ds-1', 'ds-2'], batches: [['ds-0', 'ds-1'], ['ds-2']], maxUnavailable: 2 });
  });

  it('continues clone IDs from what exists and plans later steps over what earlier ones leave', () => {
    const steps = plan({
      steps: [
        { action: 'scale', template: 'web', add: 2 },
        { action: 'scale', targets: { pattern: 'web-.*' }, remove: 2, choose: 'newest' },
        { action: 'exec', targets: { pattern: 'web.*' }, command: ['true'] },
      ],
    });
    expect(steps[0]).toMatchObject({ kind: 'scale-out', newServiceIds: ['web-1', 'web-2'] });
    expect(steps[2]).toMatchObject({ kind: 'exec', services: ['web'] });
    expect(nextCloneIds(new Set(['ds-1', 'ds-7', 'ds-x', 'dsa-9']), 'ds', 2)).toEqual(['ds-8', 'ds-9']);
    expect(planMutations(['ds'], parseParams(planSchema, '{"steps":[{"action":"scale","template":"ds","add":3}]}'), () => 0)[0]).toMatchObject({ newServiceIds: ['ds-1', 'ds-2', 'ds-3'] });
    expect(steps[1]).toMatchObject({ kind: 'scale-in', removed: ['web-2', 'web-1'] });
  });

  it('removes newest, oldest or seeded random services', () => {
    const scaleIn = (choose: string, seed?: number) => plan({ steps: [{ action: 'scale', targets: { pattern: 'ds-.*' }, remove: 2, choose, ...(seed !== undefined ? { seed } : {}) }] })[0];
    expect(scaleIn('newest')).toMatchObject({ removed: ['ds-3', 'ds-2'] });
    expect(scaleIn('oldest')).toMatchObject({ removed: ['ds-0', 'ds-1'] });
    const random = scaleIn('random', 42);
    expect(random).toEqual(scaleIn('random', 42));
    expect(random).toMatchObject({ seed: 42 });
    expect(scaleIn('random')).toMatchObject({ seed: 7 });
  });

  it('refuses bad plans naming the step and the field, before anything runs', () => {
    const refusal = (params: unknown) => {
      try {
        plan(params);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal({ steps: [{ action: 'upgrade', targets: { pattern: 'ds-.*' } }] })).toMatch(/'steps\.0\.image': give image or tag/);
    expect(refusal({ steps: [{ action: 'upgrade', tag: 'x y', targets: { pattern: 'ds-.*' } }] })).toMatch(/'steps\.0\.tag'/);
    expect(refusal({ steps: [{ action: 'restart', targets: { pattern: 'ds-.*' } }, { action: 'upgrade', image: 'x', targets: { pattern: 'ds-.*' }, batchSize: 3, maxUnavailable: 2 }] })).toMatch(/'steps\.1\.maxUnavailable'/);
    expect(refusal({ steps: [{ action: 'exec', targets: { serviceIds: ['ghost'] }, command: ['true'] }] })).toMatch(/'steps\.0\.targets\.serviceIds': .*ghost/);
    expect(refusal({ steps: [{ action: 'exec', targets: { pattern: 'nope' }, command: ['true'] }] })).toMatch(/'steps\.0\.targets': selects no service/);
    expect(refusal({ steps: [{ action: 'scale', template: 'ghost', add: 1 }] })).toMatch(/'steps\.0\.template'/);
    expect(refusal({ steps: [{ action: 'scale', targets: { pattern: 'ds-.*' }, remove: 5 }] })).toMatch(/'steps\.0\.remove'/);
    expect(refusal({ steps: [{ action: 'scale', add: 1 }] })).toMatch(/'steps\.0\.template'/);
    expect(refusal({ steps: [{ action: 'reconfigure', targets: { pattern: 'ds-.*' } }] })).toMatch(/'steps\.0\.env': change something/);
    expect(refusal({ steps: [{ action: 'dance', targets: { pattern: 'ds-.*' } }] })).toMatch(/'steps\.0\.action'/);
    expect(refusal({ steps: [{ action: 'scale', targets: { pattern: 'ds-.*' }, remove: 4 }, { action: 'exec', targets: { serviceIds: ['ds-0'] }, command: ['true'] }] })).toMatch(
      /'steps\.1\.targets\.serviceIds'/,
    );
    expect(refusal({ steps: [] })).toMatch(/'steps'/);
  });

  it('replaces tags, not registry ports', () => {
    expect(withTag('kurtosis-ts/example-datastore-server:0.1.0', '0.2.0')).toBe('kurtosis-ts/example-datastore-server:0.2.0');
    expect(withTag('localhost:5000/db', '2')).toBe('localhost:5000/db:2');
    expect(withTag('db:1@sha256:abc', '2')).toBe('db:2');
  });
});
