// Compares the compiled .proto files with the tables of the protocol (docs/protocol.md), written below
// in the same "N: type name" form. Any renamed message, field, type or number fails here.
import { runBuf } from './test-support/buf';

interface FieldDescriptor {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName?: string;
}
interface MessageDescriptor {
  name: string;
  field?: FieldDescriptor[];
  nestedType?: MessageDescriptor[];
  enumType?: EnumDescriptor[];
  options?: { mapEntry?: boolean };
}
interface EnumDescriptor {
  name: string;
  value: { name: string; number?: number }[];
}
interface ServiceDescriptor {
  name: string;
  method: { name: string; inputType: string; outputType: string }[];
}
interface FileDescriptor {
  name: string;
  package: string;
  messageType?: MessageDescriptor[];
  enumType?: EnumDescriptor[];
  service?: ServiceDescriptor[];
}

const SCALARS: Record<string, string> = {
  TYPE_STRING: 'string',
  TYPE_BOOL: 'bool',
  TYPE_FLOAT: 'float',
  TYPE_INT32: 'int32',
  TYPE_UINT32: 'uint32',
  TYPE_UINT64: 'uint64',
};

const shortName = (typeName: string): string => typeName.split('.').pop() as string;

function fieldType(field: FieldDescriptor, owner: MessageDescriptor): string {
  const base = SCALARS[field.type] ?? shortName(field.typeName ?? '');
  if (field.label !== 'LABEL_REPEATED') return base;
  const entry = owner.nestedType?.find((n) => n.name === base && n.options?.mapEntry);
  if (!entry) return `repeated ${base}`;
  const [key, value] = entry.field ?? [];
  return `map<${fieldType(key, entry)},${fieldType(value, entry)}>`;
}

function describeMessage(message: MessageDescriptor): string {
  return (message.field ?? []).map((f) => `${f.number}: ${fieldType(f, message)} ${f.name}`).join('; ');
}

function describeEnum(e: EnumDescriptor): string {
  return e.value.map((v) => `${v.name} = ${v.number ?? 0}`).join('; ');
}

const files: FileDescriptor[] = JSON.parse(runBuf(['build', '--exclude-source-info', '-o', '-#format=json'])).file;
const file = (pkg: string): FileDescriptor => {
  const found = files.find((f) => f.package === pkg);
  if (!found) throw new Error(`no .proto file declares package ${pkg}`);
  return found;
};

function messagesOf(pkg: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of file(pkg).messageType ?? []) out[m.name] = describeMessage(m);
  return out;
}

function rpcsOf(pkg: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of file(pkg).service ?? []) {
    for (const m of s.method) out[`${s.name}.${m.name}`] = `${shortName(m.inputType)} -> ${shortName(m.outputType)}`;
  }
  return out;
}

describe('module_api', () => {
  it('has the messages of the spec', () => {
    expect(messagesOf('module_api')).toEqual({
      ExecuteArgs: '1: string params_json',
      ExecuteResponse: '1: string response_json',
    });
  });
  it('has the RPCs of the spec', () => {
    expect(rpcsOf('module_api')).toEqual({
      'ExecutableModuleService.IsAvailable': 'Empty -> Empty',
      'ExecutableModuleService.Execute': 'ExecuteArgs -> ExecuteResponse',
    });
  });
});

describe('api_container_api', () => {
  it('has the messages of the spec', () => {
    expect(messagesOf('api_container_api')).toEqual({
      Port: '1: uint32 number; 2: Protocol protocol',
      StartExternalContainerRegistrationResponse: '1: string registration_key; 2: string ip_addr',
      FinishExternalContainerRegistrationArgs: '1: string registration_key; 2: string container_id',
      LoadModuleArgs: '1: string module_id; 2: string container_image; 3: string serialized_params',
      LoadModuleResponse: '1: string private_ip_addr; 2: Port private_port; 3: string public_ip_addr; 4: Port public_port',
      UnloadModuleArgs: '1: string module_id',
      ExecuteModuleArgs: '1: string module_id; 2: string serialized_params',
      ExecuteModuleResponse: '1: string serialized_result',
      GetModuleInfoArgs: '1: string module_id',
      GetModuleInfoResponse:
        '1: string private_ip_addr; 2: Port private_port; 3: string public_ip_addr; 4: Port public_port',
      RegisterFilesArtifactsArgs: '1: map<string,string> files_artifact_urls',
      RegisterServiceArgs: '1: string service_id; 2: string partition_id',
      RegisterServiceResponse: '1: string private_ip_addr; 2: string relative_service_dirpath',
      StartServiceArgs:
        '1: string service_id; 2: string docker_image; 3: map<string,Port> private_ports; ' +
        '4: repeated string entrypoint_args; 5: repeated string cmd_args; 6: map<string,string> docker_env_vars; ' +
        '7: string enclave_data_dir_mnt_dirpath; 8: map<string,string> files_artifact_mount_dirpaths',
      StartServiceResponse: '1: string public_ip_addr; 2: map<string,Port> public_ports',
      GetServiceInfoArgs: '1: string service_id',
      GetServiceInfoResponse:
        '1: string private_ip_addr; 2: map<string,Port> private_ports; 3: string public_ip_addr; ' +
        '4: map<string,Port> public_ports; 5: string enclave_data_dir_mount_dirpath; 6: string relative_service_dirpath',
      RemoveServiceArgs: '1: string service_id; 2: uint64 container_stop_timeout_seconds',
      RepartitionArgs:
        '1: map<string,PartitionServices> partition_services; ' +
        '2: map<string,PartitionConnections> partition_connections; 3: PartitionConnectionInfo default_connection',
      PartitionServices: '1: map<string,bool> service_id_set',
      PartitionConnections: '1: map<string,PartitionConnectionInfo> connection_info',
      PartitionConnectionInfo: '1: float packet_loss_percentage',
      ExecCommandArgs: '1: string service_id; 2: repeated string command_args',
      ExecCommandResponse: '1: int32 exit_code; 2: string log_output',
      WaitForHttpGetEndpointAvailabilityArgs:
        '1: string service_id; 2: uint32 port; 3: string path; 4: uint32 initial_delay_milliseconds; ' +
        '5: uint32 retries; 6: uint32 retries_delay_milliseconds; 7: string body_text',
      WaitForHttpPostEndpointAvailabilityArgs:
        '1: string service_id; 2: uint32 port; 3: string path; 4: string request_body; ' +
        '5: uint32 initial_delay_milliseconds; 6: uint32 retries; 7: uint32 retries_delay_milliseconds; 8: string body_text',
      ExecuteBulkCommandsArgs: '1: string serialized_commands',
      GetServicesResponse: '1: map<string,bool> service_ids',
      GetModulesResponse: '1: map<string,bool> module_ids',
    });
  });

  it('has Port.Protocol as in the spec', () => {
    const port = file('api_container_api').messageType?.find((m) => m.name === 'Port');
    expect(port?.enumType?.map(describeEnum)).toEqual(['TCP = 0; SCTP = 1; UDP = 2']);
  });

  it('has the RPCs of the spec', () => {
    const s = 'ApiContainerService';
    expect(rpcsOf('api_container_api')).toEqual({
      [`${s}.StartExternalContainerRegistration`]: 'Empty -> StartExternalContainerRegistrationResponse',
      [`${s}.FinishExternalContainerRegistration`]: 'FinishExternalContainerRegistrationArgs -> Empty',
      [`${s}.LoadModule`]: 'LoadModuleArgs -> LoadModuleResponse',
      [`${s}.UnloadModule`]: 'UnloadModuleArgs -> Empty',
      [`${s}.ExecuteModule`]: 'ExecuteModuleArgs -> ExecuteModuleResponse',
      [`${s}.GetModuleInfo`]: 'GetModuleInfoArgs -> GetModuleInfoResponse',
      [`${s}.RegisterFilesArtifacts`]: 'RegisterFilesArtifactsArgs -> Empty',
      [`${s}.RegisterService`]: 'RegisterServiceArgs -> RegisterServiceResponse',
      [`${s}.StartService`]: 'StartServiceArgs -> StartServiceResponse',
      [`${s}.GetServiceInfo`]: 'GetServiceInfoArgs -> GetServiceInfoResponse',
      [`${s}.RemoveService`]: 'RemoveServiceArgs -> Empty',
      [`${s}.Repartition`]: 'RepartitionArgs -> Empty',
      [`${s}.ExecCommand`]: 'ExecCommandArgs -> ExecCommandResponse',
      [`${s}.WaitForHttpGetEndpointAvailability`]: 'WaitForHttpGetEndpointAvailabilityArgs -> Empty',
      [`${s}.WaitForHttpPostEndpointAvailability`]: 'WaitForHttpPostEndpointAvailabilityArgs -> Empty',
      [`${s}.ExecuteBulkCommands`]: 'ExecuteBulkCommandsArgs -> Empty',
      [`${s}.GetServices`]: 'Empty -> GetServicesResponse',
      [`${s}.GetModules`]: 'Empty -> GetModulesResponse',
    });
  });
});

describe('engine_api', () => {
  it('has the messages of the spec', () => {
    expect(messagesOf('engine_api')).toEqual({
      GetEngineInfoResponse: '1: string engine_version',
      CreateEnclaveArgs:
        '1: string enclave_id; 2: string api_container_version_tag; 3: string api_container_log_level; ' +
        '4: bool is_partitioning_enabled; 5: bool should_publish_all_ports',
      CreateEnclaveResponse: '1: EnclaveInfo enclave_info',
      EnclaveAPIContainerInfo: '1: string container_id; 2: string ip_inside_enclave; 3: uint32 port_inside_enclave',
      EnclaveAPIContainerHostMachineInfo: '4: string ip_on_host_machine; 5: uint32 port_on_host_machine',
      EnclaveInfo:
        '1: string enclave_id; 2: string network_id; 3: string network_cidr; ' +
        '4: EnclaveContainersStatus containers_status; 5: EnclaveAPIContainerStatus api_container_status; ' +
        '6: EnclaveAPIContainerInfo api_container_info; ' +
        '7: EnclaveAPIContainerHostMachineInfo api_container_host_machine_info; ' +
        '8: string enclave_data_dirpath_on_host_machine',
      GetEnclavesResponse: '1: map<string,EnclaveInfo> enclave_info',
      StopEnclaveArgs: '1: string enclave_id',
      DestroyEnclaveArgs: '1: string enclave_id',
      CleanArgs: '1: bool should_clean_all',
      CleanResponse: '1: map<string,bool> removed_enclave_ids',
    });
  });

  it('has the enums of the spec', () => {
    expect(file('engine_api').enumType?.map((e) => `${e.name}: ${describeEnum(e)}`)).toEqual([
      'EnclaveContainersStatus: EnclaveContainersStatus_EMPTY = 0; EnclaveContainersStatus_RUNNING = 1; ' +
        'EnclaveContainersStatus_STOPPED = 2',
      'EnclaveAPIContainerStatus: EnclaveAPIContainerStatus_NONEXISTENT = 0; EnclaveAPIContainerStatus_RUNNING = 1; ' +
        'EnclaveAPIContainerStatus_STOPPED = 2',
    ]);
  });

  it('has the RPCs of the spec', () => {
    expect(rpcsOf('engine_api')).toEqual({
      'EngineService.GetEngineInfo': 'Empty -> GetEngineInfoResponse',
      'EngineService.CreateEnclave': 'CreateEnclaveArgs -> CreateEnclaveResponse',
      'EngineService.GetEnclaves': 'Empty -> GetEnclavesResponse',
      'EngineService.StopEnclave': 'StopEnclaveArgs -> Empty',
      'EngineService.DestroyEnclave': 'DestroyEnclaveArgs -> Empty',
      'EngineService.Clean': 'CleanArgs -> CleanResponse',
    });
  });
});

describe('datastore_api', () => {
  it('has the messages of the spec', () => {
    expect(messagesOf('datastore_api')).toEqual({
      ExistsArgs: '1: string key',
      ExistsResponse: '1: bool exists',
      GetArgs: '1: string key',
      GetResponse: '1: string value',
      UpsertArgs: '1: string key; 2: string value',
    });
  });

  it('has the RPCs of the spec', () => {
    expect(rpcsOf('datastore_api')).toEqual({
      'DatastoreService.IsAvailable': 'Empty -> Empty',
      'DatastoreService.Exists': 'ExistsArgs -> ExistsResponse',
      'DatastoreService.Get': 'GetArgs -> GetResponse',
      'DatastoreService.Upsert': 'UpsertArgs -> Empty',
    });
  });
});

it('uses google.protobuf.Empty for every Empty', () => {
  for (const f of files.filter((x) => x.service)) {
    for (const s of f.service ?? []) {
      for (const m of s.method) {
        for (const t of [m.inputType, m.outputType]) {
          if (shortName(t) === 'Empty') expect(t).toBe('.google.protobuf.Empty');
        }
      }
    }
  }
});
