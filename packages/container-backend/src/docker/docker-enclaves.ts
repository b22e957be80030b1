// Enclaves on Docker: a bridge network on a free private /24 (named after the enclave), a data
// volume every service and module may mount, and a state volume only the API container mounts.
// Everything is labelled (labels.ts) and read back from Docker, so restarts lose nothing.
import { alreadyExists, chooseFreeSubnet, exhausted, FreeIpTracker, internal, notFound, SerialQueue } from '@kurtosis-ts/domain';
import type { EnclaveId } from '@kurtosis-ts/domain';
import type { CreateEnclaveOptions } from '../backend/configs';
import type { Enclave, EnclaveObject } from '../backend/objects';
import type { NetworkInspectInfo } from './client/docker-types';
import type { DockerContext } from './docker-context';
import { dataVolumeName, enclaveNetworkName, stateVolumeName } from './docker-names';
import { gatewayOf, toEnclave, toEnclaveObject } from './docker-mappers';
import { dockerMessage, isDockerStatus, toDomainError, withDockerContext } from './docker-errors';
import { APP_ID, enclaveLabels, LABEL_KEYS, labelFilter } from './labels';
import type { Labels } from './labels';

/** How many times a create retries with another subnet when another process took the chosen one. */
const SUBNET_ATTEMPTS = 5;
const ENCLAVE_STOP_TIMEOUT_SECONDS = 5;

function sameLabels(actual: Labels, expected: Labels): boolean {
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...keys].every((k) => actual[k] === expected[k]);
}

export class DockerEnclaves {
  private readonly creation = new SerialQueue();

  constructor(private readonly ctx: DockerContext) {}

  createEnclave(enclaveId: EnclaveId, options: CreateEnclaveOptions): Promise<Enclave> {
    // Subnet choice and network creation run one at a time in this process, so concurrent creates
    // never pick the same subnet; Docker refusing an overlap (another process) makes us try the next.
    return this.creation.run(async () => {
      const labels = {
        ...(options.sessionId ? { [LABEL_KEYS.sessionId]: options.sessionId } : {}),
        ...enclaveLabels(enclaveId),
        [LABEL_KEYS.partitioningEnabled]: String(options.isPartitioningEnabled),
      };
      const volumes = [
        { name: dataVolumeName(enclaveId), type: 'enclave-data' },
        { name: stateVolumeName(enclaveId), type: 'api-container-state' },
      ];
      await this.refuseNamesTaken(enclaveId, volumes.map((v) => v.name));
      const networkId = await this.createNetwork(enclaveId, { ...labels, [LABEL_KEYS.creatorEngineId]: options.creatorEngineGuid ?? '' });
      const created: string[] = [];
      const { client } = this.ctx;
      try {
        for (const volume of volumes) {
          const volumeLabels = { ...labels, [LABEL_KEYS.volumeType]: volume.type };
          await withDockerContext(`Creating volume '${volume.name}' of enclave '${enclaveId}'`, () => client.createVolume(volume.name, volumeLabels));
          // Docker answers a create of an existing name with that volume: one someone made in the
          // meantime is not ours to use (nor to remove).
          const made = await withDockerContext(`Inspecting volume '${volume.name}'`, () => client.inspectVolume(volume.name));
          if (!sameLabels(made.Labels ?? {}, volumeLabels)) {
            throw alreadyExists(`Creating enclave '${enclaveId}': a volume named '${volume.name}' exists that this enclave did not create`);
          }
          created.push(volume.name);
        }
      } catch (err) {
        await Promise.all(created.map((name) => client.removeVolume(name).catch(() => undefined)));
        await client.removeNetwork(networkId).catch(() => undefined);
        throw toDomainError(err, `Creating the volumes of enclave '${enclaveId}'`);
      }
      const [enclave] = await this.getEnclaves([enclaveId]);
      if (!enclave) throw internal(`Enclave '${enclaveId}' vanished right after it was created`);
      return enclave;
    });
  }

  /** Names are owned: a network or volume of the enclave's names that someone else made is refused, never adopted. */
  private async refuseNamesTaken(enclaveId: EnclaveId, volumeNames: string[]): Promise<void> {
    const { client } = this.ctx;
    // Docker's name filter matches substrings; only an exact name is a clash.
    const networks = await withDockerContext('Listing networks', () => client.listNetworks({ name: [enclaveNetworkName(enclaveId)] }));
    if (networks.some((n) => n.Name === enclaveNetworkName(enclaveId))) {
      throw alreadyExists(`Creating enclave '${enclaveId}': a network named '${enclaveId}' exists already`);
    }
    for (const name of volumeNames) {
      const exists = await client.inspectVolume(name).then(
        () => true,
        (err: unknown) => (isDockerStatus(err, 404) ? false : Promise.reject(toDomainError(err, `Looking up volume '${name}'`))),
      );
      if (exists) throw alreadyExists(`Creating enclave '${enclaveId}': a volume named '${name}' exists already, and this enclave did not create it`);
    }
  }

  private async createNetwork(enclaveId: EnclaveId, labels: Labels): Promise<string> {
    const refused: string[] = [];
    for (let attempt = 0; attempt < SUBNET_ATTEMPTS; attempt++) {
      const taken = await this.takenSubnets();
      const subnet = chooseFreeSubnet(taken, refused);
      if (!subnet) throw exhausted(`Creating enclave '${enclaveId}': no free /24 subnet is left in the private ranges`);
      const gateway = new FreeIpTracker(subnet).gatewayIp;
      try {
        return await this.ctx.client.createNetwork({
          Name: enclaveNetworkName(enclaveId),
          Driver: 'bridge',
          CheckDuplicate: true,
          Labels: labels,
          IPAM: { Driver: 'default', Config: [{ Subnet: subnet, Gateway: gateway }] },
        });
      } catch (err) {
        if (/overlap/i.test(dockerMessage(err))) {
          refused.push(subnet);
          continue;
        }
        throw toDomainError(err, `Creating the network of enclave '${enclaveId}'`);
      }
    }
    throw exhausted(`Creating enclave '${enclaveId}': Docker refused ${SUBNET_ATTEMPTS} subnets in a row as overlapping`);
  }

  private async takenSubnets(): Promise<string[]> {
    const networks = await withDockerContext('Listing networks', () => this.ctx.client.listNetworks());
    return networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => !!s && s.includes('.')));
  }

  async getEnclaves(enclaveIds?: readonly EnclaveId[]): Promise<Enclave[]> {
    const filter = { label: [`${LABEL_KEYS.appId}=${APP_ID}`, LABEL_KEYS.enclaveId] };
    const { client } = this.ctx;
    const [networks, volumes] = await Promise.all([
      withDockerContext('Listing enclave networks', () => client.listNetworks(filter)),
      withDockerContext('Listing enclave volumes', () => client.listVolumes(filter)),
    ]);
    const mountpoints = new Map(volumes.map((v) => [v.Name, v.Mountpoint]));
    return networks
      .filter((n) => !enclaveIds || enclaveIds.includes((n.Labels?.[LABEL_KEYS.enclaveId] ?? '') as EnclaveId))
      .map((n) => toEnclave(n, mountpoints))
      .filter((e): e is Enclave => e !== undefined);
  }

  /** The enclave's network as Docker describes it; not-found when the enclave has none. */
  async network(enclaveId: EnclaveId): Promise<NetworkInspectInfo> {
    const name = enclaveNetworkName(enclaveId);
    const network = await this.ctx.client.inspectNetwork(name).catch((err: unknown) => {
      if (isDockerStatus(err, 404)) return undefined;
      throw toDomainError(err, `Inspecting the network of enclave '${enclaveId}'`);
    });
    // A network of that name that is not labelled as this enclave's is someone else's.
    if (!network || network.Labels?.[LABEL_KEYS.enclaveId] !== enclaveId) throw notFound(`Enclave '${enclaveId}' has no network; was it destroyed?`);
    return network;
  }

  async hostClientIp(enclaveId: EnclaveId): Promise<string> {
    const gateway = gatewayOf(await this.network(enclaveId));
    if (!gateway) throw internal(`The network of enclave '${enclaveId}' has no subnet`);
    return gateway;
  }

  /** The IPv4 address of every container on the enclave network, ours or attached from outside. */
  async addressesInUse(enclaveId: EnclaveId): Promise<string[]> {
    const network = await this.network(enclaveId);
    // "172.16.3.7/24" → "172.16.3.7"
    return Object.values(network.Containers ?? {})
      .map((c) => c.IPv4Address.split('/')[0])
      .filter((ip) => ip !== '');
  }

  async getEnclaveObjects(enclaveId?: EnclaveId): Promise<EnclaveObject[]> {
    const labels = enclaveId === undefined ? { [LABEL_KEYS.appId]: APP_ID } : enclaveLabels(enclaveId);
    const infos = await this.ctx.listContainers(labels, 'listing enclave containers');
    return infos.map(toEnclaveObject).filter((o): o is EnclaveObject => o !== undefined);
  }

  async stopEnclave(enclaveId: EnclaveId): Promise<void> {
    const objects = await this.getEnclaveObjects(enclaveId);
    const { client } = this.ctx;
    await Promise.all(
      objects
        .filter((o) => o.status !== 'stopped')
        .map((o) =>
          withDockerContext(`Stopping container '${o.displayName}' of enclave '${enclaveId}'`, async () => {
            try {
              // A paused container must be unpaused before it can receive the stop signal.
              if (o.status === 'paused') await client.unpauseContainer(o.platformId);
              await client.stopContainer(o.platformId, ENCLAVE_STOP_TIMEOUT_SECONDS);
            } catch (err) {
              if (!isDockerStatus(err, 304) && !isDockerStatus(err, 404)) throw err;
            }
          }),
        ),
    );
  }

  async destroyEnclave(enclaveId: EnclaveId): Promise<void> {
    // A container whose creation was already under way when we listed (a StartService in flight)
    // can appear after the first sweep; a second sweep, after the network is gone, catches it.
    for (let sweep = 0; sweep < 2; sweep++) {
      const objects = await this.getEnclaveObjects(enclaveId);
      if (sweep > 0 && objects.length === 0) break;
      await Promise.all(objects.map((o) => this.ctx.removeContainerIfPresent(o.platformId, `removing container '${o.displayName}' of enclave '${enclaveId}'`)));
      await this.removeVolumesAndNetworks(enclaveId);
    }
  }

  private async removeVolumesAndNetworks(enclaveId: EnclaveId): Promise<void> {
    const filter = labelFilter(enclaveLabels(enclaveId));
    const { client } = this.ctx;
    const volumes = await withDockerContext('Listing enclave volumes', () => client.listVolumes(filter));
    await Promise.all(
      volumes.map((v) =>
        withDockerContext(`Removing volume '${v.Name}' of enclave '${enclaveId}'`, () =>
          client.removeVolume(v.Name).catch((err) => (isDockerStatus(err, 404) ? undefined : Promise.reject(err))),
        ),
      ),
    );
    const networks = await withDockerContext('Listing enclave networks', () => client.listNetworks(filter));
    for (const n of networks) {
      await withDockerContext(`Removing network '${n.Name}' of enclave '${enclaveId}'`, async () => {
        try {
          // Containers that joined from outside (external registration) would keep the network alive.
          const inspected = await client.inspectNetwork(n.Id);
          for (const id of Object.keys(inspected.Containers ?? {})) {
            await client.disconnectFromNetwork(n.Id, id).catch(() => undefined);
          }
          await client.removeNetwork(n.Id);
        } catch (err) {
          if (!isDockerStatus(err, 404)) throw err;
        }
      });
    }
  }
}
