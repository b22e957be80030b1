// Containers someone started on an enclave's network themselves (external registration): what
// they are and where they sit, and how to start one there.
import { quoteValue } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import type { ExternalContainer, ExternalJoinHint } from '../backend/objects';
import type { DockerContext } from './docker-context';
import type { DockerEnclaves } from './docker-enclaves';
import { enclaveNetworkName } from './docker-names';
import { toExternalContainer } from './docker-mappers';
import { isDockerStatus, toDomainError } from './docker-errors';

export class DockerExternalContainers {
  constructor(
    private readonly ctx: DockerContext,
    private readonly enclaves: DockerEnclaves,
  ) {}

  async inspect(enclaveId: EnclaveId, nameOrId: string): Promise<ExternalContainer | undefined> {
    const network = await this.enclaves.network(enclaveId);
    try {
      // Keyed by network name; the ID is compared as well, in case a network of that name was replaced.
      return toExternalContainer(await this.ctx.client.inspectContainer(nameOrId), { name: network.Name, id: network.Id });
    } catch (err) {
      if (isDockerStatus(err, 404)) return undefined;
      throw toDomainError(err, `Inspecting container ${quoteValue(nameOrId)}`);
    }
  }

  joinHint(enclaveId: EnclaveId, ip: string): ExternalJoinHint {
    const network = enclaveNetworkName(enclaveId);
    return {
      networkName: network,
      host: 'this Docker host',
      instructions: `docker run --network ${network} --ip ${ip} …, or docker network connect --ip ${ip} ${network} <container>`,
    };
  }
}
