import { datastoreId, nextDatastoreIndex } from './datastore-numbering';

describe('nextDatastoreIndex', () => {
  it('continues after the highest datastore-<k> of the enclave, whatever the module remembers', () => {
    expect(nextDatastoreIndex(['datastore-0', 'datastore-4', 'datastore-2'], 0)).toBe(5);
    expect(nextDatastoreIndex(['datastore-1'], 7)).toBe(7);
    expect(nextDatastoreIndex([], 0)).toBe(0);
  });

  it('ignores services that are not datastore-<k>', () => {
    expect(nextDatastoreIndex(['web', 'datastore-x', 'datastore-01', 'my-datastore-9', 'datastore-3-old'], 1)).toBe(1);
  });

  it('names datastores', () => {
    expect(datastoreId(3)).toBe('datastore-3');
  });
});
