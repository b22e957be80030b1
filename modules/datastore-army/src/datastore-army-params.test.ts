import { ParamsValidationError, parseParams } from '@kurtosis-ts/module-api-lib';
import { loadParamsSchema, parseExecuteParams } from './datastore-army-params';

describe('datastore army params', () => {
  it('accepts 0 and up', () => {
    expect(parseExecuteParams('{"numDatastores":0}')).toEqual({ numDatastores: 0 });
    expect(parseExecuteParams('{"numDatastores":3}')).toEqual({ numDatastores: 3 });
  });

  it('reads {} as zero datastores, as the original did', () => {
    expect(parseExecuteParams('{}')).toEqual({ numDatastores: 0 });
  });

  it.each(['{"numDatastores":-1}', '{"numDatastores":1.5}', '{"numDatastores":"3"}', '{"numDatastores":null}', '', '{"numDatastores":101}'])(
    'refuses %p naming numDatastores',
    (json) => {
      expect(() => parseExecuteParams(json)).toThrow(ParamsValidationError);
      expect(() => parseExecuteParams(json)).toThrow("'numDatastores'");
    },
  );

  it('fills load param defaults', () => {
    expect(parseParams(loadParamsSchema, '{}')).toEqual({ datastoreImage: 'kurtosis-ts/example-datastore-server:latest', availabilityTimeoutSeconds: 30 });
  });
});
