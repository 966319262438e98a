import { ApiError } from './client';

export type FieldError = { name: string; errors: string[] };

/**
 * Maps a validation problem's `errors` onto form fields. The server names fields by their JSON path
 * (`formData.reason`, `location.lat`, `Description`); a field matches when the path, or the path
 * without the listed prefixes, equals the form field's name ignoring case.
 */
export function toFieldErrors(
  error: unknown,
  fieldNames: readonly string[],
  prefixes: readonly string[] = ['formData.', 'body.', '$.'],
): { fields: FieldError[]; unmatched: string[] } {
  const fields: FieldError[] = [];
  const unmatched: string[] = [];
  if (!(error instanceof ApiError) || !error.problem.errors) return { fields, unmatched };
  const byLower = new Map(fieldNames.map((n) => [n.toLowerCase(), n]));
  for (const [path, messages] of Object.entries(error.problem.errors)) {
    let key = path.toLowerCase();
    for (const prefix of prefixes) {
      if (!byLower.has(key) && key.startsWith(prefix.toLowerCase())) key = key.slice(prefix.length);
    }
    const name = byLower.get(key);
    if (name) fields.push({ name, errors: messages });
    else unmatched.push(...messages);
  }
  return { fields, unmatched };
}

/** The sentence to show for a failed request: the problem's detail, else its title. */
export function problemText(error: unknown, fallback: string): string {
  if (error instanceof ApiError) return error.problem.detail || error.problem.title || fallback;
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}
