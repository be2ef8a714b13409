import { parse } from 'yaml';
import { validationFailed } from './errors.js';

/**
 * YAML text (JSON is YAML) as data; text that does not parse is `validation_failed` on `field`,
 * its message `refusal` and the parser's reason (which names the line).
 */
export function parseYamlField(text: string, field: string, refusal: string): unknown {
  try {
    return parse(text);
  } catch (error) {
    throw validationFailed(field, `${refusal}: ${(error as Error).message}`);
  }
}
