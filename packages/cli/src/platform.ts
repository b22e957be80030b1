// The one file of the CLI that picks the container platform: Docker, as the container backend's
// OperatorBackend. Asked only by what needs the platform itself — starting, finding and stopping the
// local engine, and an interactive shell — and never at import: everything else goes through the
// engine and the API containers.
import { DockerKurtosisBackend } from '@kurtosis-ts/container-backend';
import type { OperatorBackend } from '@kurtosis-ts/container-backend';

export function operatorBackend(): OperatorBackend {
  return new DockerKurtosisBackend();
}
