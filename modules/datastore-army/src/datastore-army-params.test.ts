import { ParamsValidationError, parseParams } from '@kurtosis-ts/module-api-lib';
import { executeParamsSchema, loadParamsSchema } from './datastore-army-params';

describe('datastore army params', () => {
  it('accepts 0 and up', () => {
    expect(parseParams(executeParamsSchema, '{"numDatastores":0}')).toEqual({ numDatastores: 0 });
    expect(parseParams(executeParamsSchema, '{"numDatastores":3}')).toEqual({ numDatastores: 3 });
  });

  it.each(['{"numDatastores":-1}', '{"numDatastores":1.5}', '{"numDatastores":"3"}', '{}', '', '{"numDatastores":101}'])(
    'refuses %p naming numDatastores',
    (json) => {
      expect(() => parseParams(executeParamsSchema, json)).toThrow(ParamsValidationError);
      expect(() => parseParams(executeParamsSchema, json)).toThrow("'numDatastores'");
    },
  );

  it('fills load param defaults', () => {
    expect(parseParams(loadParamsSchema, '{}')).toEqual({ datastoreImage: 'kurtosis-ts/example-datastore-server:latest', availabilityTimeoutSeconds: 30 });
  });
});
