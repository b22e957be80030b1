// MutationRun against a recording fake: what each step does in which order, rollbacks of a failed
// batch, exec results, dry runs that change nothing.
import { parseParams, PortProtocol, PortSpec } from '@kurtosis-ts/module-api-lib';
import type { ServiceConfiguration, ServiceConfigurationInfo } from '@kurtosis-ts/module-api-lib';
import { planSchema } from './mutation-params';
import type { Readiness } from './mutation-params';
import { planMutations } from './mutation-plan';
import { MutationRun } from './mutation-run';
import type { MutationEffects } from './mutation-run';

class RecordingEffects implements MutationEffects {
  readonly calls: string[] = [];
  readonly configs = new Map<string, ServiceConfiguration>();
  /** Images whose containers never become ready. */
  readonly broken = new Set<string>();
  down = 0;
  maxDown = 0;
  execAnswers = new Map<string, { exitCode: number; output: string }>();

  constructor(ids: string[]) {
    for (const id of ids) {
      this.configs.set(id, { image: 'db:1', ports: { grpc: new PortSpec(1323, PortProtocol.TCP) }, entrypoint: [], cmd: [], env: { MODE: 'fast' }, dataDirMountpoint: '/data', filesArtifactMountpoints: {} });
    }
  }

  async getConfig(serviceId: string): Promise<ServiceConfigurationInfo> {
    const config = this.configs.get(serviceId);
    if (!config) throw new Error(`no service ${serviceId}`);
    return { config, partitionId: 'default', privateIp: '172.20.0.9' };
  }

  async replace(serviceId: string, config: ServiceConfiguration): Promise<void> {
    this.calls.push(`replace ${serviceId} ${config.image} ${JSON.stringify(config.env)}`);
    this.down++;
    this.maxDown = Math.max(this.maxDown, this.down);
    await new Promise((resolve) => setImmediate(resolve));
    this.configs.set(serviceId, config);
  }

  async restart(serviceId: string): Promise<void> {
    this.calls.push(`restart ${serviceId}`);
    this.down++;
    this.maxDown = Math.max(this.maxDown, this.down);
  }

  async waitReady(serviceId: string, _readiness: Readiness): Promise<void> {
    this.down--;
    if (this.broken.has(this.configs.get(serviceId)?.image ?? '')) throw new Error('its container exited (code 1) before it was ready');
  }

  async addClone(serviceId: string, template: ServiceConfigurationInfo): Promise<void> {
    this.calls.push(`add ${serviceId} ${template.config.image} ${template.partitionId}`);
    this.configs.set(serviceId, template.config);
  }

  async remove(serviceId: string): Promise<void> {
    this.calls.push(`remove ${serviceId}`);
    this.configs.delete(serviceId);
  }

  async exec(serviceId: string, argv: string[]): Promise<{ exitCode: number; output: string }> {
    this.calls.push(`exec ${serviceId} ${argv.join(' ')}`);
    return this.execAnswers.get(serviceId) ?? { exitCode: 0, output: `ran in ${serviceId}` };
  }

  async sleep(seconds: number): Promise<void> {
    this.calls.push(`sleep ${seconds}`);
  }
}

const ids = ['ds-0', 'ds-1', 'ds-2', 'ds-3'];
async function run(effects: RecordingEffects, params: unknown) {
  const parsed = parseParams(planSchema, JSON.stringify(params));
  return new MutationRun(effects, planMutations(effects.configs.keys(), parsed, () => 1), parsed).complete();
}

describe('MutationRun', () => {
  it('upgrades batch by batch, never more than a batch down, logging old → new', async () => {
    const effects = new RecordingEffects(ids);
    const report = await run(effects, { steps: [{ action: 'upgrade', tag: '2', targets: { pattern: 'ds-.*' }, batchSize: 2 }] });
    expect(report.status).toBe('finished');
    expect(effects.maxDown).toBe(2);
    expect(effects.calls.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual(['replace ds-0 db:2', 'replace ds-1 db:2', 'replace ds-2 db:2', 'replace ds-3 db:2']);
    expect(report.events.map((e) => [e.serviceId, e.batch, e.from, e.to, e.outcome])).toEqual([
      ['ds-0', 0, 'db:1', 'db:2', 'done'],
      ['ds-1', 0, 'db:1', 'db:2', 'done'],
      ['ds-2', 1, 'db:1', 'db:2', 'done'],
      ['ds-3', 1, 'db:1', 'db:2', 'done'],
    ]);
  });

  it('stops at a batch that does not become ready, rolls it back and runs nothing after', async () => {
    const effects = new RecordingEffects(ids);
    effects.broken.add('db:bad');
    const report = await run(effects, { steps: [{ action: 'upgrade', image: 'db:bad', targets: { pattern: 'ds-.*' }, batchSize: 2 }, { action: 'exec', targets: { pattern: 'ds-.*' }, command: ['true'] }] });
    expect(report).toMatchObject({ status: 'failed', failedStep: 0, stepsCompleted: 0 });
    expect(report.error).toMatch(/batch 0: ds-0: its container exited .*ds-1: .*the batch was rolled back/);
    expect(effects.calls.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual(['replace ds-0 db:bad', 'replace ds-1 db:bad', 'replace ds-0 db:1', 'replace ds-1 db:1']);
    expect([...effects.configs.values()].map((c) => c.image)).toEqual(['db:1', 'db:1', 'db:1', 'db:1']);
    expect(report.events.filter((e) => e.action === 'rollback').map((e) => [e.serviceId, e.outcome])).toEqual([
      ['ds-0', 'done'],
      ['ds-1', 'done'],
    ]);
  });

  it('reconfigures env, cmd and entrypoint and reports what changed', async () => {
    const effects = new RecordingEffects(['ds-0']);
    const report = await run(effects, { steps: [{ action: 'reconfigure', targets: { serviceIds: ['ds-0'] }, env: { LEVEL: 'debug' }, unsetEnv: ['MODE'], cmd: ['serve'] }] });
    expect(effects.configs.get('ds-0')).toMatchObject({ env: { LEVEL: 'debug' }, cmd: ['serve'], image: 'db:1' });
    expect(report.events[0]).toMatchObject({ from: 'LEVEL unset, MODE=fast, cmd []', to: 'LEVEL=debug, MODE unset, cmd ["serve"]' });
  });

  it('restarts rolling, and scales out from a template and in by a rule, pausing between steps', async () => {
    const effects = new RecordingEffects(['ds', 'ds-1']);
    const report = await run(effects, {
      pauseBetweenSeconds: 3,
      steps: [
        { action: 'restart', targets: { pattern: 'ds.*' } },
        { action: 'scale', template: 'ds', add: 3 },
        { action: 'scale', targets: { pattern: 'ds-\\d+' }, remove: 2, choose: 'oldest' },
      ],
    });
    expect(report.status).toBe('finished');
    expect(effects.calls).toEqual(['restart ds', 'restart ds-1', 'sleep 3', 'add ds-2 db:1 default', 'add ds-3 db:1 default', 'add ds-4 db:1 default', 'sleep 3', 'remove ds-1', 'remove ds-2']);
    expect([...effects.configs.keys()].sort()).toEqual(['ds', 'ds-3', 'ds-4']);
  });

  it('collects exit codes and bounded output, failing the step on an exit code not allowed', async () => {
    const effects = new RecordingEffects(['ds-0', 'ds-1']);
    effects.execAnswers.set('ds-1', { exitCode: 3, output: 'x'.repeat(100) });
    const report = await run(effects, { steps: [{ action: 'exec', targets: { pattern: 'ds-.*' }, command: ['load', 'data'], maxOutputBytes: 10 }] });
    expect(report).toMatchObject({ status: 'failed', failedStep: 0 });
    const byService = Object.fromEntries(report.events.map((e) => [e.serviceId, e]));
    expect(byService['ds-0']).toMatchObject({ exitCode: 0, output: 'ran in ds-… (1 more bytes)', outcome: 'done' });
    expect(byService['ds-1']).toMatchObject({ exitCode: 3, outcome: 'failed', output: 'xxxxxxxxxx… (90 more bytes)' });
    const allowed = await run(effects, { steps: [{ action: 'exec', targets: { pattern: 'ds-.*' }, command: ['load'], okExitCodes: [0, 3] }] });
    expect(allowed.status).toBe('finished');
  });

  it('in a dry run reports every action and changes nothing', async () => {
    const effects = new RecordingEffects(ids);
    const report = await run(effects, {
      dryRun: true,
      pauseBetweenSeconds: 5,
      steps: [
        { action: 'upgrade', tag: '2', targets: { pattern: 'ds-.*' } },
        { action: 'scale', template: 'ds-0', add: 1 },
        { action: 'scale', targets: { pattern: 'ds-.*' }, remove: 1, choose: 'random' },
        { action: 'exec', targets: { pattern: 'ds-.*' }, command: ['true'] },
      ],
    });
    expect(report.status).toBe('dry-run');
    expect(effects.calls).toEqual([]);
    expect(report.events.every((e) => e.outcome === 'would-do')).toBe(true);
    expect(report.events.filter((e) => e.action === 'upgrade').map((e) => e.to)).toEqual(['db:2', 'db:2', 'db:2', 'db:2']);
    expect(report.events.find((e) => e.action === 'add')).toMatchObject({ serviceId: 'ds-0-1', from: 'ds-0' });
    expect(report.seeds).toEqual({ '2': 1 });
  });
});
