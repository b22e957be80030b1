import { UsageError } from '../errors/cli-errors';
import { layout, outputFormat } from './output-format';

describe('outputFormat', () => {
  it('is a table unless JSON is asked for, by -o json or --json', () => {
    expect(outputFormat({})).toBe('table');
    expect(outputFormat({ output: 'json' })).toBe('json');
    expect(outputFormat({ json: true })).toBe('json');
    expect(outputFormat({ json: true, output: 'json' })).toBe('json');
  });

  it('refuses what it does not know, and contradictions', () => {
    expect(() => outputFormat({ output: 'yaml' })).toThrow(UsageError);
    expect(() => outputFormat({ json: true, output: 'table' })).toThrow('contradict');
  });
});

describe('layout', () => {
  it('boxes tables on a terminal only', () => {
    expect(layout({}, true)).toBe('boxed');
    expect(layout({}, false)).toBe('plain');
    expect(layout({ json: true }, true)).toBe('json');
  });
});
