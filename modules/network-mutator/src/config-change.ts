// What an upgrade or a reconfiguration makes of a service's configuration. Pure.
import type { ServiceConfiguration } from '@kurtosis-ts/module-api-lib';
import type { ReconfigureStep, UpgradeStep } from './mutation-params';

/** `repo[:tag][@digest]` with the tag replaced (a digest is dropped: it would pin the old image). */
export function withTag(image: string, tag: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  // A colon before the last slash belongs to a registry's port (host:5000/repo), not to a tag.
  const repository = colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
  return `${repository}:${tag}`;
}

export function upgraded(config: ServiceConfiguration, step: Pick<UpgradeStep, 'image' | 'tag'>): ServiceConfiguration {
  return { ...config, image: step.image ?? withTag(config.image, step.tag as string) };
}

export function reconfigured(config: ServiceConfiguration, step: Pick<ReconfigureStep, 'env' | 'unsetEnv' | 'cmd' | 'entrypoint'>): ServiceConfiguration {
  const env = { ...config.env, ...step.env };
  for (const name of step.unsetEnv) delete env[name];
  return { ...config, env, cmd: step.cmd ?? config.cmd, entrypoint: step.entrypoint ?? config.entrypoint };
}

/** "image db:1 → db:2", "env +MODE=safe -DEBUG", "cmd [...] → [...]": what changed, for the event log. */
export function describeChange(before: ServiceConfiguration, after: ServiceConfiguration): { from: string; to: string } {
  const from: string[] = [];
  const to: string[] = [];
  if (before.image !== after.image) {
    from.push(before.image);
    to.push(after.image);
  }
  const names = [...new Set([...Object.keys(before.env), ...Object.keys(after.env)])].sort();
  for (const name of names) {
    if (before.env[name] === after.env[name]) continue;
    from.push(name in before.env ? `${name}=${before.env[name]}` : `${name} unset`);
    to.push(name in after.env ? `${name}=${after.env[name]}` : `${name} unset`);
  }
  for (const field of ['cmd', 'entrypoint'] as const) {
    if (JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
    from.push(`${field} ${JSON.stringify(before[field])}`);
    to.push(`${field} ${JSON.stringify(after[field])}`);
  }
  const cut = (parts: string[]) => {
    const text = parts.join(', ') || '(unchanged)';
    return text.length > 500 ? `${text.slice(0, 500)}…` : text;
  };
  return { from: cut(from), to: cut(to) };
}
