// `kurtosis enclave new | ls | inspect | stop | rm`.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import { engineApi } from '@kurtosis-ts/engine-client';
import { CliFailure } from '../cli-errors';
import { connectToEngine } from '../engine-lifecycle';
import { info, printJson, printTable, withProgress } from '../output';
import { backend } from '../engine-lifecycle';
import { enclaveIdArg } from '../cli-ids';
import { moduleRows, moduleRowsFromContainers, serviceRows, statusText } from '../runtime-rows';
import { runtimeModuleStatuses, runtimeServiceStatuses } from '../runtime-statuses';

type Run = (work: () => Promise<void>) => Promise<void>;

const containersStatus = (s: engineApi.EnclaveContainersStatus) => engineApi.enclaveContainersStatusToJSON(s).replace('EnclaveContainersStatus_', '');
const apiStatus = (s: engineApi.EnclaveAPIContainerStatus) => engineApi.enclaveAPIContainerStatusToJSON(s).replace('EnclaveAPIContainerStatus_', '');

function enclaveJson(info: engineApi.EnclaveInfo) {
  return {
    enclaveId: info.enclaveId,
    containersStatus: containersStatus(info.containersStatus),
    apiContainerStatus: apiStatus(info.apiContainerStatus),
    networkId: info.networkId,
    networkCidr: info.networkCidr,
    apiContainerHostPort: info.apiContainerHostMachineInfo?.portOnHostMachine ?? null,
    apiContainerHost: info.apiContainerHostMachineInfo?.ipOnHostMachine ?? null,
    dataDirpathOnHost: info.enclaveDataDirpathOnHostMachine,
  };
}

export function addEnclaveCommands(program: Command, run: Run): void {
  const enclave = program.command('enclave').description('Manage enclaves');

  enclave
    .command('new')
    .description('Create an empty enclave')
    .option('--enclave-id <id>', 'its ID (default: enclave-<timestamp>)')
    .option('--with-partitioning', 'enable network partitioning', false)
    .action((o: { enclaveId?: string; withPartitioning: boolean }) =>
      run(async () => {
        const kurtosis = await connectToEngine();
        const id = o.enclaveId ?? `enclave-${Math.floor(Date.now() / 1000)}`;
        const ctx = await withProgress(`Creating enclave ${id}`, () => kurtosis.createEnclave(id, o.withPartitioning));
        ctx.close();
        kurtosis.close();
        process.stdout.write(`${id}\n`);
      }),
    );

  enclave
    .command('ls')
    .description('List enclaves')
    .option('--json', 'print JSON', false)
    .action((o: { json: boolean }) =>
      run(async () => {
        const kurtosis = await connectToEngine(false);
        const infos = [...(await kurtosis.getEnclaveInfos()).values()].sort((a, b) => a.enclaveId.localeCompare(b.enclaveId));
        kurtosis.close();
        if (o.json) printJson(infos.map(enclaveJson));
        else printTable(['ENCLAVE ID', 'STATUS', 'API CONTAINER', 'API ADDRESS'], infos.map((i) => {
          const j = enclaveJson(i);
          return [j.enclaveId, j.containersStatus, j.apiContainerStatus, j.apiContainerHostPort === null ? '-' : `${j.apiContainerHost}:${j.apiContainerHostPort}`];
        }));
      }),
    );

  enclave
    .command('inspect <enclave-id>')
    .description('Show an enclave (its API container on its current host port), its services and modules with their runtime status')
    .option('--json', 'print JSON', false)
    .action((id: string, o: { json: boolean }) =>
      run(async () => {
        const kurtosis = await connectToEngine(false);
        const infoOf = (await kurtosis.getEnclaveInfos()).get(id);
        kurtosis.close();
        if (!infoOf) throw new CliFailure(`No enclave with ID '${id}' exists`);
        const enclaveId = enclaveIdArg(id);
        const [objects, services, moduleContainers, serviceStatuses, moduleStatuses] = await Promise.all([
          backend.getEnclaveObjects(enclaveId),
          backend.getUserServices(enclaveId),
          backend.getModules(enclaveId),
          runtimeServiceStatuses(id),
          runtimeModuleStatuses(id),
        ]);
        const detail = {
          ...enclaveJson(infoOf),
          services: serviceRows(services, serviceStatuses),
          modules: moduleStatuses ? moduleRows(moduleStatuses) : moduleRowsFromContainers(moduleContainers),
          containers: objects.map((o) => ({ name: o.displayName, type: o.ref.kind, status: o.status, containerId: o.platformId.slice(0, 12) })),
        };
        if (o.json) return printJson(detail);
        printTable(['FIELD', 'VALUE'], Object.entries(enclaveJson(infoOf)).map(([k, v]) => [k, v ?? '-']));
        printTable(['SERVICE', 'STATUS', 'PRIVATE IP', 'PORTS'], detail.services.map((r) => [r.serviceId, statusText(r), r.privateIp, Object.values(r.publicPorts).join('\n')]));
        printTable(['MODULE', 'STATUS', 'IMAGE'], detail.modules.map((r) => [r.moduleId, statusText(r), r.image || '-']));
        printTable(['CONTAINER', 'TYPE', 'STATUS', 'ID'], detail.containers.map((c) => [c.name, c.type, c.status, c.containerId]));
      }),
    );

  enclave
    .command('dump <enclave-id> <output-dir>')
    .description("Write every container's logs and Docker description of an enclave into a directory")
    .action((id: string, outputDir: string) =>
      run(async () => {
        const objects = await backend.getEnclaveObjects(enclaveIdArg(id));
        if (objects.length === 0) throw new CliFailure(`Enclave '${id}' has no containers (does it exist?)`);
        await mkdir(outputDir, { recursive: true });
        for (const o of objects) {
          const dir = path.join(outputDir, o.displayName);
          await mkdir(dir, { recursive: true });
          await writeFile(path.join(dir, 'inspect.json'), `${JSON.stringify(await backend.describeObject(o.ref), null, 2)}\n`);
          await writeFile(path.join(dir, 'logs.txt'), `${await backend.getLastLogLines(o.ref, 1_000_000)}\n`);
        }
        info(`Dumped ${objects.length} containers of enclave ${id} into ${outputDir}`);
      }),
    );

  enclave
    .command('stop <enclave-id>')
    .description('Stop every container of an enclave (they stay for inspection)')
    .action((id: string) =>
      run(async () => {
        const kurtosis = await connectToEngine(false);
        await withProgress(`Stopping enclave ${id}`, () => kurtosis.stopEnclave(id));
        kurtosis.close();
      }),
    );

  enclave
    .command('rm <enclave-id>')
    .description('Remove a stopped enclave (-f: also a running one)')
    .option('-f, --force', 'remove it even if it is running', false)
    .action((id: string, o: { force: boolean }) =>
      run(async () => {
        const kurtosis = await connectToEngine(false);
        const infoOf = (await kurtosis.getEnclaveInfos()).get(id);
        if (!infoOf) throw new CliFailure(`No enclave with ID '${id}' exists`);
        if (!o.force && infoOf.containersStatus === engineApi.EnclaveContainersStatus.EnclaveContainersStatus_RUNNING) {
          throw new CliFailure(`Enclave '${id}' is running; stop it first or use -f`);
        }
        await withProgress(`Removing enclave ${id}`, () => kurtosis.destroyEnclave(id));
        kurtosis.close();
        info(`Removed enclave ${id}`);
      }),
    );
}
