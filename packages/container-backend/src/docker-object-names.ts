// Docker names that begin with an enclave ID. Enclave IDs keep the original Kurtosis alphabet
// (letters, digits, '.', '_', '-'), and Docker accepts all of it in network names and after our own
// prefixes (`kurtosis-api--my_test.1`), but a container or volume name must start with a letter or
// digit. So an ID that starts with '.', '_' or '-' gets a `kt` in front where it begins a name; every
// other ID, which includes every ID valid before the alphabet was widened, keeps its names. (The
// GUID and artifact ID that follow in those names keep them apart from an enclave really named `kt…`.)
const DOCKER_NAME_START = /^[A-Za-z0-9]/;

export function dockerNameStartingWith(enclaveId: string): string {
  return DOCKER_NAME_START.test(enclaveId) ? enclaveId : `kt${enclaveId}`;
}
