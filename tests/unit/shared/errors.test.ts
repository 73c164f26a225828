import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsFromZod } from '../../../shared/errors';

describe('fieldErrorsFromZod', () => {
  const schema = z
    .object({
      name: z.string().min(1, 'Enter a name.'),
      managers: z.array(z.object({ roleIds: z.array(z.string()).min(1, 'Choose a role.') })),
    })
    .strict();

  it('gives each issue its dotted domain path, code and message', () => {
    const parsed = schema.safeParse({ name: '', managers: [{ roleIds: [] }] });
    expect(parsed.success).toBe(false);
    expect(fieldErrorsFromZod(parsed.error!.issues)).toEqual([
      { field: 'name', code: 'too_small', message: 'Enter a name.' },
      { field: 'managers.0.roleIds', code: 'too_small', message: 'Choose a role.' },
    ]);
  });

  it("names an issue about the whole value 'form', or the root field given", () => {
    const parsed = schema.safeParse('not an object');
    expect(fieldErrorsFromZod(parsed.error!.issues).map((f) => f.field)).toEqual(['form']);
    expect(fieldErrorsFromZod(parsed.error!.issues, '(request)').map((f) => f.field)).toEqual(['(request)']);
  });
});
