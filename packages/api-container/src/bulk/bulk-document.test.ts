import { status } from '@grpc/grpc-js';
import { apiContainerApi, StatusError } from '@kurtosis-ts/protos';
import { BULK_COMMAND_TYPES, parseBulkDocument } from './bulk-document';

const doc = (commands: unknown[], schemaVersion: unknown = 0) => JSON.stringify({ schemaVersion, body: { commands } });

function refusal(serialized: string): StatusError {
  try {
    parseBulkDocument(serialized);
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseBulkDocument', () => {
  it('reads snake_case args into proto messages, enums as numbers, maps included', () => {
    const commands = parseBulkDocument(
      doc([
        { type: 'REGISTER_SERVICE', args: { service_id: 'web', partition_id: 'p' } },
        {
          type: 'START_SERVICE',
          args: {
            service_id: 'web',
            docker_image: 'img',
            private_ports: { http: { number: 80 }, dns: { number: 53, protocol: 2 } },
            cmd_args: ['serve'],
            docker_env_vars: { A: '1' },
          },
        },
        { type: 'REPARTITION', args: { partition_services: { a: { service_id_set: { web: true } } }, default_connection: { packet_loss_percentage: 50 } } },
        { type: 'GET_SERVICES' },
      ]),
    );
    expect(commands.map((c) => c.type)).toEqual(['REGISTER_SERVICE', 'START_SERVICE', 'REPARTITION', 'GET_SERVICES']);
    expect(commands[0].args).toEqual({ serviceId: 'web', partitionId: 'p' });
    expect(commands[1].args).toEqual(
      apiContainerApi.StartServiceArgs.fromPartial({
        serviceId: 'web',
        dockerImage: 'img',
        privatePorts: { http: { number: 80, protocol: apiContainerApi.Port_Protocol.TCP }, dns: { number: 53, protocol: apiContainerApi.Port_Protocol.UDP } },
        cmdArgs: ['serve'],
        dockerEnvVars: { A: '1' },
      }),
    );
    expect(commands[2].args).toMatchObject({ partitionServices: { a: { serviceIdSet: { web: true } } }, defaultConnection: { packetLossPercentage: 50 } });
  });

  it('takes camelCase (JSON) field names too, as protojson does', () => {
    expect(parseBulkDocument(doc([{ type: 'REMOVE_SERVICE', args: { serviceId: 'web', containerStopTimeoutSeconds: 3 } }]))[0].args).toEqual({
      serviceId: 'web',
      containerStopTimeoutSeconds: 3,
    });
  });

  it('knows all twelve command types of the protocol', () => {
    expect(BULK_COMMAND_TYPES).toHaveLength(12);
    expect(() => parseBulkDocument(doc(BULK_COMMAND_TYPES.map((type) => ({ type, args: {} }))))).not.toThrow();
  });

  it('accepts an empty command list', () => {
    expect(parseBulkDocument(doc([]))).toEqual([]);
  });

  it('ignores args of the GET commands, whatever they are', () => {
    expect(parseBulkDocument(doc([{ type: 'GET_SERVICES', args: 'anything' }, { type: 'GET_MODULES', args: [1] }]))).toEqual([
      { type: 'GET_SERVICES', args: {} },
      { type: 'GET_MODULES', args: {} },
    ]);
  });

  it("says what the JSON parser found wrong", () => {
    const malformed = '{"schemaVersion": 0, "body": }';
    const parserMessage = (() => {
      try {
        JSON.parse(malformed);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('expected malformed JSON');
    })();
    expect(refusal(malformed).message).toBe(`serialized_commands is not valid JSON: ${parserMessage}`);
  });

  it('lists the known types when refusing an unknown one', () => {
    expect(refusal(doc([{ type: 'LAUNCH_ROCKET' }])).message).toContain(`the types are ${BULK_COMMAND_TYPES.join(', ')}`);
  });

  it.each([
    ['malformed JSON', '{"schemaVersion": 0,', 'not valid JSON'],
    ['JSON that is not an object', '"hello"', 'not a bulk commands document'],
    ['schema version 1', doc([], 1), 'schemaVersion 1; only 0 is supported'],
    ['schema version "0"', doc([], '0'), 'schemaVersion "0"; only 0 is supported'],
    ['no schema version', JSON.stringify({ body: { commands: [] } }), 'no schemaVersion; only 0 is supported'],
    ['no body', JSON.stringify({ schemaVersion: 0 }), 'body'],
    ['commands that are not a list', JSON.stringify({ schemaVersion: 0, body: { commands: {} } }), 'body.commands'],
    ['an unknown command type', doc([{ type: 'GET_SERVICES' }, { type: 'LAUNCH_ROCKET', args: {} }]), "Command #1 has unknown type 'LAUNCH_ROCKET'"],
    ['a type inherited from Object', doc([{ type: 'constructor', args: {} }]), "Command #0 has unknown type 'constructor'"],
    ['args that are a list', doc([{ type: 'EXEC_COMMAND', args: ['ls'] }]), 'Command #0 (EXEC_COMMAND) has args that are not a JSON object'],
    ['args that are null', doc([{ type: 'GET_SERVICES' }, { type: 'REGISTER_SERVICE', args: null }]), 'Command #1 (REGISTER_SERVICE) has args that are not a JSON object'],
    ['a misspelt field', doc([{ type: 'REGISTER_SERVICE', args: { serviceID: 'web' } }]), "Command #0 (REGISTER_SERVICE) has args with unknown field 'serviceID'"],
    ['fields of another command', doc([{ type: 'REMOVE_SERVICE', args: { service_id: 'web', docker_image: 'x', cmd_args: [] } }]), "unknown fields 'docker_image', 'cmd_args'"],
  ])('refuses %s with INVALID_ARGUMENT', (_name, serialized, mention) => {
    const err = refusal(serialized);
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.message).toContain(mention);
  });
});
