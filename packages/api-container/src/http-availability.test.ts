import { endpointUrl, explainUnavailable } from './http-availability';

describe('endpointUrl', () => {
  it.each([
    ['health', 'http://172.16.0.3:8080/health'],
    ['/health', 'http://172.16.0.3:8080/health'],
    ['//a/b?c=1', 'http://172.16.0.3:8080/a/b?c=1'],
    ['', 'http://172.16.0.3:8080/'],
  ])('joins path %p', (path, url) => {
    expect(endpointUrl('172.16.0.3', 8080, path)).toBe(url);
  });
});

describe('explainUnavailable', () => {
  it('accepts 200 with any body when no body text is expected', () => {
    expect(explainUnavailable(200, 'whatever', '')).toBeUndefined();
  });
  it('accepts 200 with exactly the expected body', () => {
    expect(explainUnavailable(200, 'ok', 'ok')).toBeUndefined();
  });
  it('names the status of a non-200 answer', () => {
    expect(explainUnavailable(503, 'ok', 'ok')).toBe('answered HTTP 503');
  });
  it('names both bodies when they differ', () => {
    expect(explainUnavailable(200, 'ok\n', 'ok')).toBe("answered with body 'ok\n' instead of the expected 'ok'");
  });
});
