import { status } from '@grpc/grpc-js';
import { apiContainerApi, MAX_STATUS_MESSAGE_BYTES } from '@kurtosis-ts/protos';
import type { StatusError } from '@kurtosis-ts/protos';
import { DomainError } from '@kurtosis-ts/domain';
import { toStatusError } from '../grpc/to-status-error';
import { BULK_COMMAND_TYPES, MAX_BULK_COMMANDS, parseBulkDocument } from './bulk-document';

const doc = (commands: unknown[], schemaVersion: unknown = 0) => JSON.stringify({ schemaVersion, body: { commands } });

function refusal(serialized: string): StatusError {
  try {
    parseBulkDocument(serialized);
  } catch (err) {
    if (err instanceof DomainError) return toStatusError(err, 'test');
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

  // JSON.parse makes "__proto__" an own, enumerable key like any other, so each of these must be
  // refused as an unknown field rather than fall through to (or be dropped by) the prototype.
  it.each([
    ['the document', `{"schemaVersion":0,"__proto__":{},"body":{"commands":[]}}`, "(document): unknown field '__proto__'"],
    ['the document', `{"schemaVersion":0,"constructor":1,"toString":2,"body":{"commands":[]}}`, "(document): unknown fields 'constructor', 'toString'"],
    ['the body', `{"schemaVersion":0,"body":{"commands":[],"__proto__":{"x":1}}}`, "body: unknown field '__proto__'"],
    ['a command', `{"schemaVersion":0,"body":{"commands":[{"type":"GET_SERVICES","extra":1}]}}`, "body.commands.0: unknown field 'extra'"],
    ['args', `{"schemaVersion":0,"body":{"commands":[{"type":"REGISTER_SERVICE","args":{"service_id":"a","__proto__":{"partition_id":"p"}}}]}}`, "unknown field '__proto__'"],
    ['args', doc([{ type: 'REGISTER_SERVICE', args: { service_id: 'a', constructor: 'x', toString: 'y' } }]), "unknown fields 'constructor', 'toString'"],
    ['args', doc([{ type: 'REGISTER_SERVICE', args: { hasOwnProperty: 'x' } }]), "unknown field 'hasOwnProperty'"],
  ])('refuses __proto__, constructor and toString in %s', (_where, serialized, mention) => {
    const err = refusal(serialized);
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.message).toContain(mention);
  });

  it.each([
    ['a nested message', { type: 'REPARTITION', args: { default_connection: { packet_loss_percentage: 1, bogus: 2 } } }, "unknown field 'bogus' in default_connection"],
    ['a message in a map', { type: 'REPARTITION', args: { partition_services: { a: { service_id_set: {}, sets: 1 } } } }, "unknown field 'sets' in partition_services['a']"],
    [
      'a message in a map in a message in a map',
      { type: 'REPARTITION', args: { partition_connections: { a: { connection_info: { b: { packet_loss_percentage: 1, lossy: true } } } } } },
      "unknown field 'lossy' in partition_connections['a'].connection_info['b']",
    ],
    ['a port', { type: 'START_SERVICE', args: { service_id: 'a', private_ports: { http: { number: 80, toString: 'x' } } } }, "unknown field 'toString' in private_ports['http']"],
    ['a map that is a list', { type: 'START_SERVICE', args: { docker_env_vars: ['A=1'] } }, 'docker_env_vars is not a JSON object'],
    ['a list that is a string', { type: 'EXEC_COMMAND', args: { service_id: 'a', command_args: 'ls -l' } }, 'command_args is not a JSON list'],
    ['a message that is a number', { type: 'REPARTITION', args: { default_connection: 5 } }, 'default_connection is not a JSON object'],
  ])('refuses an unknown or malformed field in %s', (_where, command, mention) => {
    const err = refusal(doc([command]));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.message).toContain(mention);
  });

  it("refuses '__proto__' inside a message in a map", () => {
    const err = refusal(`{"schemaVersion":0,"body":{"commands":[{"type":"REPARTITION","args":{"partition_services":{"a":{"service_id_set":{},"__proto__":{}}}}}]}}`);
    expect(err.message).toContain("unknown field '__proto__' in partition_services['a']");
  });

  it("refuses '__proto__' as a map key, which the generated code would turn into a prototype", () => {
    const err = refusal(`{"schemaVersion":0,"body":{"commands":[{"type":"START_SERVICE","args":{"docker_env_vars":{"A":"1","__proto__":"x"}}}]}}`);
    expect(err.message).toContain("docker_env_vars has the key '__proto__'");
  });

  it('keeps nested fields it knows, by either name', () => {
    const [command] = parseBulkDocument(
      doc([{ type: 'REPARTITION', args: { partitionConnections: { a: { connectionInfo: { b: { packetLossPercentage: 5 } } } }, default_connection: null } }]),
    );
    expect(command.args).toMatchObject({ partitionConnections: { a: { connectionInfo: { b: { packetLossPercentage: 5 } } } }, defaultConnection: undefined });
  });

  it(`refuses more than ${MAX_BULK_COMMANDS} commands`, () => {
    const err = refusal(doc(Array.from({ length: MAX_BULK_COMMANDS + 1 }, () => ({ type: 'GET_SERVICES' }))));
    expect(err.message).toContain('body.commands');
    expect(err.message).toContain(String(MAX_BULK_COMMANDS));
  });

  it('keeps every refusal short, however large or many the bad values', () => {
    const big = 'x'.repeat(100 * 1024);
    const refusals = [
      refusal(doc([{ type: big }])),
      refusal(doc([{ type: 'REGISTER_SERVICE', args: { [big]: 1 } }])),
      refusal(doc([{ type: 'REGISTER_SERVICE', args: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`${big.slice(0, 1000)}${i}`, 1])) }])),
      refusal(JSON.stringify({ schemaVersion: 0, body: { commands: [] }, ...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`${big.slice(0, 1000)}${i}`, 1])) })),
      refusal(JSON.stringify({ schemaVersion: 0, body: { commands: Array.from({ length: 1000 }, () => ({ type: 1 })) } })),
      refusal(JSON.stringify({ schemaVersion: big, body: {} })),
      refusal(big),
    ];
    for (const err of refusals) {
      expect(err.code).toBe(status.INVALID_ARGUMENT);
      expect(Buffer.byteLength(err.message)).toBeLessThan(MAX_STATUS_MESSAGE_BYTES / 2);
      expect(err.message).not.toContain('message cut');
    }
    expect(refusals[0].message).toContain('(102400 characters)');
    expect(refusals[2].message).toContain('… and 990 more');
    expect(refusals[4].message).toContain('… and 995 more');
  });
});

