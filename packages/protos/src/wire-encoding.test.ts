// Byte-level encodings checked against bytes computed by hand from the protobuf encoding rules
// (tag = field_number << 3 | wire_type). If a field number or type drifts, these bytes change.
import { apiContainerApi, datastoreApi, engineApi, moduleApi } from './index';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ');
const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/ /g, ''), 'hex'));

interface EncodingCase<T> {
  name: string;
  fns: { encode(m: T): { finish(): Uint8Array }; decode(b: Uint8Array): T; fromPartial(o: object): T };
  message: object;
  bytes: string;
}

const cases: EncodingCase<unknown>[] = [
  {
    // Fields 4 and 5, as in the original protocol: 4<<3|2 = 0x22, 5<<3|0 = 0x28.
    name: 'EnclaveAPIContainerHostMachineInfo uses field numbers 4 and 5',
    fns: engineApi.EnclaveAPIContainerHostMachineInfo,
    message: { ipOnHostMachine: 'x', portOnHostMachine: 5 },
    bytes: '22 01 78 28 05',
  },
  {
    // fixed32 on field 1: 1<<3|5 = 0x0d, then 100.0f = 0x42c80000 little-endian.
    name: 'PartitionConnectionInfo.packet_loss_percentage is a float on field 1',
    fns: apiContainerApi.PartitionConnectionInfo,
    message: { packetLossPercentage: 100 },
    bytes: '0d 00 00 c8 42',
  },
  {
    name: 'PartitionConnectionInfo carries a fractional loss exactly as a float32',
    fns: apiContainerApi.PartitionConnectionInfo,
    message: { packetLossPercentage: 12.5 },
    bytes: '0d 00 00 48 41',
  },
  {
    name: 'module_api ExecuteArgs.params_json is a string on field 1',
    fns: moduleApi.ExecuteArgs,
    message: { paramsJson: '{}' },
    bytes: '0a 02 7b 7d',
  },
  {
    name: 'module_api ExecuteResponse.response_json is a string on field 1',
    fns: moduleApi.ExecuteResponse,
    message: { responseJson: 'ok' },
    bytes: '0a 02 6f 6b',
  },
  {
    // 1323 = 0x52b -> varint ab 0a; UDP = 2 on field 2.
    name: 'Port is number (uint32, 1) and the nested Protocol enum (2)',
    fns: apiContainerApi.Port,
    message: { number: 1323, protocol: apiContainerApi.Port_Protocol.UDP },
    bytes: '08 ab 0a 10 02',
  },
  {
    name: 'Port.Protocol SCTP is 1',
    fns: apiContainerApi.Port,
    message: { number: 1, protocol: apiContainerApi.Port_Protocol.SCTP },
    bytes: '08 01 10 01',
  },
  {
    // 300 = 0x12c -> varint ac 02 on field 2 (uint64).
    name: 'RemoveServiceArgs has container_stop_timeout_seconds as a varint on field 2',
    fns: apiContainerApi.RemoveServiceArgs,
    message: { serviceId: 'a', containerStopTimeoutSeconds: 300 },
    bytes: '0a 01 61 10 ac 02',
  },
  {
    // map<string,bool> entry: key on 1, value on 2, wrapped in field 1.
    name: 'GetServicesResponse.service_ids is a map<string,bool> on field 1',
    fns: apiContainerApi.GetServicesResponse,
    message: { serviceIds: { a: true } },
    bytes: '0a 05 0a 01 61 10 01',
  },
  {
    // field 3 (0x1a) entry { key "grpc", value Port{1323} }.
    name: 'StartServiceArgs.private_ports is a map<string,Port> on field 3',
    fns: apiContainerApi.StartServiceArgs,
    message: { privatePorts: { grpc: { number: 1323, protocol: apiContainerApi.Port_Protocol.TCP } } },
    bytes: '1a 0b 0a 04 67 72 70 63 12 03 08 ab 0a',
  },
  {
    name: 'StartServiceArgs keeps entrypoint (4), cmd (5), env (6), data dir (7), artifacts (8)',
    fns: apiContainerApi.StartServiceArgs,
    message: {
      entrypointArgs: ['e'],
      cmdArgs: ['c'],
      dockerEnvVars: { k: 'v' },
      enclaveDataDirMntDirpath: '/d',
      filesArtifactMountDirpaths: { a: '/m' },
    },
    bytes: '22 01 65 2a 01 63 32 06 0a 01 6b 12 01 76 3a 02 2f 64 42 07 0a 01 61 12 02 2f 6d',
  },
  {
    name: 'WaitForHttpPostEndpointAvailabilityArgs has request_body on 4 and body_text on 8',
    fns: apiContainerApi.WaitForHttpPostEndpointAvailabilityArgs,
    message: { requestBody: 'q', retries: 3, bodyText: 'b' },
    bytes: '22 01 71 30 03 42 01 62',
  },
  {
    name: 'WaitForHttpGetEndpointAvailabilityArgs has retries on 5 and body_text on 7',
    fns: apiContainerApi.WaitForHttpGetEndpointAvailabilityArgs,
    message: { port: 80, retries: 3, bodyText: 'b' },
    bytes: '10 50 28 03 3a 01 62',
  },
  {
    name: 'ExecCommandResponse.exit_code is an int32 (negative values take ten bytes)',
    fns: apiContainerApi.ExecCommandResponse,
    message: { exitCode: -1, logOutput: 'x' },
    bytes: '08 ff ff ff ff ff ff ff ff ff 01 12 01 78',
  },
  {
    name: 'EnclaveInfo status enums are on fields 4 and 5, data dirpath on 8',
    fns: engineApi.EnclaveInfo,
    message: {
      containersStatus: engineApi.EnclaveContainersStatus.EnclaveContainersStatus_RUNNING,
      apiContainerStatus: engineApi.EnclaveAPIContainerStatus.EnclaveAPIContainerStatus_STOPPED,
      enclaveDataDirpathOnHostMachine: 'p',
    },
    bytes: '20 01 28 02 42 01 70',
  },
  {
    name: 'CreateEnclaveArgs booleans are on fields 4 and 5',
    fns: engineApi.CreateEnclaveArgs,
    message: { enclaveId: 'e', isPartitioningEnabled: true, shouldPublishAllPorts: true },
    bytes: '0a 01 65 20 01 28 01',
  },
  {
    name: 'datastore UpsertArgs is key (1) and value (2)',
    fns: datastoreApi.UpsertArgs,
    message: { key: 'k', value: 'v' },
    bytes: '0a 01 6b 12 01 76',
  },
];

describe('wire encoding', () => {
  it.each(cases)('$name', ({ fns, message, bytes }) => {
    const encoded = fns.encode(fns.fromPartial(message)).finish();
    expect(hex(encoded)).toBe(bytes);
    expect(fns.decode(fromHex(bytes))).toEqual(fns.fromPartial(message));
  });

  it('encodes default values as nothing at all (proto3)', () => {
    expect(apiContainerApi.PartitionConnectionInfo.encode({ packetLossPercentage: 0 }).finish()).toHaveLength(0);
    expect(engineApi.EnclaveInfo.encode(engineApi.EnclaveInfo.fromPartial({})).finish()).toHaveLength(0);
  });

  it('keeps the enum numbers of the original protocol', () => {
    expect(engineApi.EnclaveContainersStatus).toMatchObject({
      EnclaveContainersStatus_EMPTY: 0,
      EnclaveContainersStatus_RUNNING: 1,
      EnclaveContainersStatus_STOPPED: 2,
    });
    expect(engineApi.EnclaveAPIContainerStatus).toMatchObject({
      EnclaveAPIContainerStatus_NONEXISTENT: 0,
      EnclaveAPIContainerStatus_RUNNING: 1,
      EnclaveAPIContainerStatus_STOPPED: 2,
    });
    expect(apiContainerApi.Port_Protocol).toMatchObject({ TCP: 0, SCTP: 1, UDP: 2 });
  });

  it('reads bulk-command args written with snake_case proto field names', () => {
    const args = apiContainerApi.StartServiceArgs.fromJSON({
      service_id: 'svc',
      docker_image: 'img',
      private_ports: { grpc: { number: 1323, protocol: 2 } },
      entrypoint_args: ['<<<svc>>>'],
      docker_env_vars: { A: 'b' },
    });
    expect(args).toEqual(
      apiContainerApi.StartServiceArgs.fromPartial({
        serviceId: 'svc',
        dockerImage: 'img',
        privatePorts: { grpc: { number: 1323, protocol: apiContainerApi.Port_Protocol.UDP } },
        entrypointArgs: ['<<<svc>>>'],
        dockerEnvVars: { A: 'b' },
      }),
    );
  });
});
