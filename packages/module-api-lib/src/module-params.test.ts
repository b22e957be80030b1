import { status } from '@grpc/grpc-js';
import { KurtosisError } from '@kurtosis-ts/engine-client';
import { MAX_STATUS_MESSAGE_BYTES } from '@kurtosis-ts/protos';
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

describe('parseParams with hostile input', () => {
  const big = 'x'.repeat(100 * 1024);

  it('keeps the message short for a huge key, a huge value and thousands of problems', () => {
    const strict = z.strictObject({ items: z.array(z.number()).optional(), level: z.enum(['a', 'b']).optional() });
    for (const json of [JSON.stringify({ [big]: 1 }), JSON.stringify({ level: big }), JSON.stringify({ items: Array(10_000).fill('s') }), big]) {
      let message = '';
      try {
        parseParams(strict, json);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).not.toBe('');
      expect(Buffer.byteLength(message)).toBeLessThan(2048);
    }
    expect(() => parseParams(strict, JSON.stringify({ items: Array(10_000).fill('s') }))).toThrow('… and 9995 more');
  });
});

describe('executeErrorStatus', () => {
  it('cuts a message of any length to what a status carries', () => {
    const big = 'm'.repeat(100 * 1024);
    for (const err of [new Error(big), new KurtosisError(status.NOT_FOUND, big), new ParamsValidationError(big), { big }]) {
      const answer = executeErrorStatus(err);
      expect(Buffer.byteLength(answer.details ?? '')).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_BYTES);
      expect(answer.details).toContain('message cut');
    }
  });

  it('describes a thrown value that JSON cannot encode', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(executeErrorStatus(circular)).toEqual({ code: status.INTERNAL, details: 'the module threw [object Object]' });
    expect(executeErrorStatus(10n).details).toBe('the module threw 10');
  });

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
