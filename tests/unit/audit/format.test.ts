import { describe, expect, it } from 'vitest';
import { csvRow } from '../../../electron/core/audit/format';

describe('csvRow', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('guards a cell starting with %j as text', (start) => {
    const cell = csvRow([`${start}1+1`]).slice(0, -2);
    const guarded = `'${start}1+1`;
    expect(cell).toBe(start === '\r' ? `"${guarded}"` : guarded);
  });

  it('leaves other cells as they are, quotes only when needed, and renders null and numbers', () => {
    expect(csvRow([1, null, 'su-1', 'a "b"', 'a,b', 'x\ny', '2025-01-01T00:00:00Z'])).toBe(
      '1,,su-1,"a ""b""","a,b","x\ny",2025-01-01T00:00:00Z\r\n',
    );
  });
});
