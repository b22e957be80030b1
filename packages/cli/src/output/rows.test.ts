import { renderRows } from './rows';

describe('renderRows', () => {
  const head = ['SERVICE', 'PORTS'];
  const rows = [['web', ['http: 127.0.0.1:1/tcp', 'grpc: 127.0.0.1:2/tcp']], ['db', []]];

  it('prints tab-separated rows, a header first, when not on a terminal', () => {
    expect(renderRows(head, rows, { layout: 'plain', headers: true })).toBe('SERVICE\tPORTS\nweb\thttp: 127.0.0.1:1/tcp,grpc: 127.0.0.1:2/tcp\ndb\t\n');
    expect(renderRows(head, rows, { layout: 'plain', headers: false })).toBe('web\thttp: 127.0.0.1:1/tcp,grpc: 127.0.0.1:2/tcp\ndb\t\n');
  });

  it('draws a box on a terminal', () => {
    const boxed = renderRows(head, rows, { layout: 'boxed', headers: true });
    expect(boxed).toContain('┌');
    expect(boxed).toContain('│ SERVICE │');
    expect(renderRows(head, rows, { layout: 'boxed', headers: false })).not.toContain('SERVICE');
  });
});
