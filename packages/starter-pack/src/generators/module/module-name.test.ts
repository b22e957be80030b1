import { explainInvalidModuleName } from './module-name';

describe('module names', () => {
  it.each(['hello', 'load-tester-2', 'a', 'x1-y2-z3', 'a'.repeat(50)])('accepts %p', (name) => {
    expect(explainInvalidModuleName(name)).toBeUndefined();
  });

  it.each(['', 'Hello', '1st', 'a--b', 'a_b', '-a', 'a-', 'a.b', 'my module', '@scope/x', '../x', 'a'.repeat(51)])(
    'refuses %p saying what is allowed',
    (name) => {
      expect(explainInvalidModuleName(name)).toMatch(/^Invalid module name '.*': use lower-case letters and digits in words joined by single '-', starting with a letter/);
    },
  );
});
