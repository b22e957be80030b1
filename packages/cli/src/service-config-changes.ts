// What `service replace` changes in a service's configuration: a whole configuration (--config,
// as `service config -o json` prints it) or single fields from flags, applied to the current one.
// Pure: every bad value is a UsageError, before anything is replaced.
import { PortProtocol, PortSpec } from '@kurtosis-ts/engine-client';
import type { ServiceConfiguration } from '@kurtosis-ts/engine-client';
import { z } from 'zod';
import { UsageError } from './errors/cli-errors';
import { parseEnvFlags, parsePortFlags } from './service-flags';

export interface ConfigChanges {
  /** A whole configuration, JSON; the flags below apply on top of it. */
  config?: string;
  image?: string;
  /** KEY=value to set. */
  env: string[];
  /** Names to remove. */
  unsetEnv: string[];
  entrypoint?: string;
  /** id=number[/proto]: replaces every port when given. */
  ports: string[];
  /** Replaces the CMD when non-empty. */
  cmd: string[];
}

const configSchema = z
  .object({
    image: z.string(),
    ports: z.record(z.string(), z.object({ number: z.number().int(), protocol: z.enum(['TCP', 'SCTP', 'UDP']) }).strict()),
    entrypoint: z.array(z.string()),
    cmd: z.array(z.string()),
    env: z.record(z.string(), z.string()),
    dataDirMountpoint: z.string(),
    filesArtifactMountpoints: z.record(z.string(), z.string()),
  })
  // `service config -o json` also prints these; they are not part of what can change.
  .extend({ serviceId: z.string().optional(), partitionId: z.string().optional(), privateIp: z.string().optional() })
  .strict();

export function parseConfigJson(text: string): ServiceConfiguration {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--config is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--config is not a service configuration (as 'service config -o json' prints): ${issue.path.join('.') || 'the document'}: ${issue.message}`);
  }
  const { serviceId: _s, partitionId: _p, privateIp: _i, ports, ...rest } = parsed.data;
  return { ...rest, ports: Object.fromEntries(Object.entries(ports).map(([id, p]) => [id, new PortSpec(p.number, p.protocol as PortProtocol)])) };
}

/** The configuration to replace `current` with; refused when it would change nothing. */
export function applyConfigChanges(current: ServiceConfiguration, changes: ConfigChanges): ServiceConfiguration {
  const base = changes.config !== undefined ? parseConfigJson(changes.config) : current;
  const env = { ...base.env };
  for (const [key, value] of parseEnvFlags(changes.env)) env[key] = value;
  for (const key of changes.unsetEnv) {
    if (!(key in env)) throw new UsageError(`--unset-env ${key}: the service has no variable ${key} of its own`);
    delete env[key];
  }
  const next: ServiceConfiguration = {
    ...base,
    image: changes.image ?? base.image,
    env,
    entrypoint: changes.entrypoint !== undefined ? (changes.entrypoint === '' ? [] : [changes.entrypoint]) : base.entrypoint,
    cmd: changes.cmd.length > 0 ? changes.cmd : base.cmd,
    ports: changes.ports.length > 0 ? Object.fromEntries(parsePortFlags(changes.ports)) : base.ports,
  };
  return next;
}

/** The configuration as `service config -o json` prints it (ports as plain objects). */
export function configToJson(config: ServiceConfiguration): Record<string, unknown> {
  return { ...config, ports: Object.fromEntries(Object.entries(config.ports).map(([id, p]) => [id, { number: p.number, protocol: p.protocol }])) };
}
