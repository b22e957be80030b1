// try/finally as a function: the enclave goes away whatever the test body does.
import type { LoadModuleOptions } from './load-module-options';
import type { ModuleUnderTest } from './module-under-test';
import type { StartedKurtosisEngineContainer } from './started-kurtosis-engine-container';

export async function withModuleInEnclave<T>(
  engine: StartedKurtosisEngineContainer,
  options: LoadModuleOptions,
  fn: (moduleUnderTest: ModuleUnderTest) => Promise<T>,
): Promise<T> {
  const moduleUnderTest = await engine.loadModuleInEnclave(options);
  let result: T;
  try {
    result = await fn(moduleUnderTest);
  } catch (err) {
    // The test's own failure is what the reader needs; a cleanup failure on top must not hide it.
    await moduleUnderTest.destroy().catch((destroyErr: unknown) => {
      throw new AggregateError([err, destroyErr], `The test failed, and destroying enclave '${moduleUnderTest.enclaveId}' failed too`);
    });
    throw err;
  }
  await moduleUnderTest.destroy();
  return result;
}
