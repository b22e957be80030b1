import { status } from '@grpc/grpc-js';
import { KurtosisError } from '@kurtosis-ts/engine-client';
import { z } from 'zod';
import { executeErrorStatus } from './execute-error';
import { loadParamsSchema, parseParams, ParamsValidationError } from './module-params';

const schema = z.object({ numDatastores: z.number().int().min(0), name: z.string().optional() });

describe('parseParams', () => {
  it('returns typed params', () => {
    expect(parseParams(schema, '{"numDatastores":3}')).toEqual({ numDatastores: 3 });
  });

  it.each([
    ['-1', '{"numDatastores":-1}', "'numDatastores'"],
    ['1.5', '{"numDatastores":1.5}', "'numDatastores'"],
    ['"3"', '{"numDatastores":"3"}', "'numDatastores'"],
    ['a missing field', '{}', "'numDatastores'"],
    ['a missing body', '', "'numDatastores'"],
    ['bad JSON', '{"numDatastores":', 'not valid JSON'],
    ['not an object', '[1]', 'the body'],
  ])('refuses %s, naming the field', (_name, json, mention) => {
    expect(() => parseParams(schema, json)).toThrow(ParamsValidationError);
    expect(() => parseParams(schema, json)).toThrow(mention);
  });

  it('reads the load params convention with info as the default level', () => {
    expect(parseParams(loadParamsSchema, '{}')).toEqual({ logLevel: 'info' });
    expect(() => parseParams(loadParamsSchema, '{"logLevel":"loud"}')).toThrow("'logLevel'");
  });
});

describe('executeErrorStatus', () => {
  it('answers invalid params with INVALID_ARGUMENT', () => {
    expect(executeErrorStatus(new ParamsValidationError("Invalid params: 'n': too small"))).toEqual({
      code: status.INVALID_ARGUMENT,
      details: "Invalid params: 'n': too small",
    });
  });

  it("passes a KurtosisError's code on", () => {
    expect(executeErrorStatus(new KurtosisError(status.NOT_FOUND, 'gone'))).toEqual({ code: status.NOT_FOUND, details: 'gone' });
  });

  it('answers anything else with INTERNAL and its message', () => {
    expect(executeErrorStatus(new Error('boom'))).toEqual({ code: status.INTERNAL, details: 'boom' });
    expect(executeErrorStatus('text')).toEqual({ code: status.INTERNAL, details: 'the module threw "text"' });
  });
});
