import { isDomainError, parseId } from '@kurtosis-ts/domain';
import { EnclaveAddressBook } from './enclave-address-book';

const enclaveId = parseId('enclave', 'e');
const web = parseId('service', 'web');

describe('EnclaveAddressBook', () => {
  it('hands services and modules GUIDs and the lowest free addresses, never the gateway or what is taken', () => {
    const book = new EnclaveAddressBook(enclaveId, '172.16.5.0/24', [], () => 1_000);
    expect(book.gatewayIp).toBe('172.16.5.1');
    expect(book.apiContainerIp).toBe('172.16.5.2');
    const service = book.registerService(web);
    expect(service).toEqual({ enclaveId, serviceId: 'web', guid: 'web-1000', privateIp: '172.16.5.3' });
    const module = book.registerModule(parseId('module', 'army'));
    expect(module).toMatchObject({ moduleId: 'army', guid: 'army-1001', privateIp: '172.16.5.4' });
    expect(book.reserve()).toBe('172.16.5.5');
  });

  it('never mints one GUID twice, even within one millisecond', () => {
    const book = new EnclaveAddressBook(enclaveId, '172.16.5.0/24', [], () => 5);
    const first = book.registerService(web);
    book.unregisterService(first.guid);
    expect(book.registerService(web).guid).not.toBe(first.guid);
  });

  it('frees an address on unregistering, and hands it out again', () => {
    const book = new EnclaveAddressBook(enclaveId, '172.16.5.0/24');
    const first = book.registerService(web);
    book.unregisterService(first.guid);
    expect(() => book.service(first.guid)).toThrow(expect.objectContaining({ kind: 'not-found' }));
    expect(book.registerService(web).privateIp).toBe(first.privateIp);
    book.unregisterService(first.guid); // unknown now: a no-op
  });

  it('keeps adopted registrations and their addresses', () => {
    const book = new EnclaveAddressBook(enclaveId, '172.16.5.0/24');
    const adopted = { enclaveId, serviceId: web, guid: book.registerService(web).guid, privateIp: '172.16.5.9' };
    book.adoptService(adopted);
    expect(book.service(adopted.guid)).toEqual(adopted);
    expect(book.isTaken('172.16.5.9')).toBe(true);
  });

  it('says exhausted when the subnet is full', () => {
    // Of a /29, the gateway (.1) and the API container (.2) leave .3 to .6.
    const book = new EnclaveAddressBook(enclaveId, '10.0.0.0/29');
    expect([0, 1, 2, 3].map((i) => book.registerService(parseId('service', `s${i}`)).privateIp)).toEqual(['10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    let failure: unknown;
    try {
      book.registerService(parseId('service', 'other'));
    } catch (err) {
      failure = err;
    }
    expect(isDomainError(failure, 'exhausted')).toBe(true);
  });
});
