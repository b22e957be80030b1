// Before a bulk command runs, every <<<SERVICE_ID>>> in the fields docs/protocol.md lists is
// replaced by that service's private IP. Pure: the IPs come from `ipOf`, which throws for an
// unknown service.
import type { BulkCommand } from './bulk-document';

const PLACEHOLDER = /<<<(.+?)>>>/g;

export function replacePlaceholders(text: string, ipOf: (serviceId: string) => string): string {
  return text.replace(PLACEHOLDER, (_match, serviceId: string) => ipOf(serviceId));
}

const mapValues = (record: Record<string, string>, f: (v: string) => string): Record<string, string> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

/** A copy of the command with placeholders replaced in exactly the fields that take them. */
export function withServiceIps(command: BulkCommand, ipOf: (serviceId: string) => string): BulkCommand {
  const r = (text: string) => replacePlaceholders(text, ipOf);
  switch (command.type) {
    case 'START_SERVICE': {
      const a = command.args;
      return {
        type: command.type,
        args: {
          ...a,
          entrypointArgs: a.entrypointArgs.map(r),
          cmdArgs: a.cmdArgs.map(r),
          dockerEnvVars: mapValues(a.dockerEnvVars, r),
          enclaveDataDirMntDirpath: r(a.enclaveDataDirMntDirpath),
          filesArtifactMountDirpaths: mapValues(a.filesArtifactMountDirpaths, r),
        },
      };
    }
    case 'EXEC_COMMAND':
      return { type: command.type, args: { ...command.args, commandArgs: command.args.commandArgs.map(r) } };
    case 'WAIT_FOR_HTTP_GET_ENDPOINT_AVAILABILITY':
      return { type: command.type, args: { ...command.args, path: r(command.args.path), bodyText: r(command.args.bodyText) } };
    case 'WAIT_FOR_HTTP_POST_ENDPOINT_AVAILABILITY':
      return { type: command.type, args: { ...command.args, path: r(command.args.path), bodyText: r(command.args.bodyText) } };
    default:
      return command;
  }
}
