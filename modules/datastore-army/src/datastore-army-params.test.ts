import { ParamsValidationError, parseParams } from '@kurtosis-ts/module-api-lib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASTORE_ARMY_VERSION, loadParamsSchema, parseExecuteParams } from './datastore-army-params';

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
    expect(parseParams(loadParamsSchema, '{}')).toEqual({ datastoreImage: 'kurtosis-ts/example-datastore-server:0.1.0', availabilityTimeoutSeconds: 30 });
  });

  it('defaults the datastore image to the one of the module’s own version', () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(DATASTORE_ARMY_VERSION).toBe(version);
  });

  it('takes the datastore image as an optional execute param', () => {
    expect(parseExecuteParams('{"numDatastores":1,"datastoreImage":"127.0.0.1:5000/x/example-datastore-server:0.1.0"}')).toEqual({
      numDatastores: 1,
      datastoreImage: '127.0.0.1:5000/x/example-datastore-server:0.1.0',
    });
    expect(() => parseExecuteParams('{"datastoreImage":""}')).toThrow("'datastoreImage'");
  });
});
