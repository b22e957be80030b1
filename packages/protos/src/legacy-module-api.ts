// Modules built before December 2021 serve ExecutableModuleService under the proto package
// `kurtosis_module_rpc_api_service`. The messages are identical and message names never travel on
// the wire, so only the method paths differ: we derive that service from the current one instead of
// keeping a second .proto that could drift.
import { makeGenericClientConstructor } from '@grpc/grpc-js';
import type { ChannelCredentials, ClientOptions } from '@grpc/grpc-js';
import {
  ExecutableModuleServiceService as CurrentService,
  protobufPackage as currentPackage,
} from './generated/module_api/executable_module_service';
import type { ExecutableModuleServiceClient as CurrentClient } from './generated/module_api/executable_module_service';

export const protobufPackage = 'kurtosis_module_rpc_api_service';

const SERVICE_NAME = 'ExecutableModuleService';

function withLegacyPath<T extends { path: string }>(method: T): Omit<T, 'path'> & { path: string } {
  return { ...method, path: method.path.replace(`/${currentPackage}.`, `/${protobufPackage}.`) };
}

export const ExecutableModuleServiceService = {
  isAvailable: withLegacyPath(CurrentService.isAvailable),
  execute: withLegacyPath(CurrentService.execute),
} as const;

export type ExecutableModuleServiceClient = CurrentClient;

export const ExecutableModuleServiceClient = makeGenericClientConstructor(
  ExecutableModuleServiceService,
  `${protobufPackage}.${SERVICE_NAME}`,
) as unknown as {
  new (address: string, credentials: ChannelCredentials, options?: Partial<ClientOptions>): CurrentClient;
  service: typeof ExecutableModuleServiceService;
  serviceName: string;
};
