// The hostile image of the trust-boundary tests (fixtures/hostile-module.ts): one image that runs as
// a module, as a service and as an external container, and prints what its attacks achieved.
import { TestModuleImage } from './test-module-image';

export const HOSTILE_FIXTURE = 'tools/server-test-kit/fixtures/hostile-module.ts';

export function buildHostileImage(name = 'hostile'): TestModuleImage {
  return TestModuleImage.build(name, HOSTILE_FIXTURE);
}

/** The JSON after `<marker> ` on the last line of `output` that carries it (what the fixture prints). */
export function markedJson<T>(output: string, marker: 'OUTCOME' | 'TAMPERED'): T {
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(`${marker} `));
  if (!line) throw new Error(`No '${marker}' line in the output:\n${output.slice(-2000)}`);
  return JSON.parse(line.slice(marker.length + 1)) as T;
}
