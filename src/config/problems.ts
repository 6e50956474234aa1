// Turns zod's validation issues into one plain line per bad setting, naming the setting and what it got
// (never the value of a secret such as a token: each platform names its secret settings).
import type { z } from 'zod';

/** How a value is shown in a message: quoted and shortened, or hidden for the settings in `secrets`. */
export function shownValue(key: string, value: unknown, secrets: ReadonlySet<string> = new Set()): string {
  if (secrets.has(key)) return '(value hidden)';
  const text = String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, below: boolean): string {
  const n = String(below ? issue.maximum : issue.minimum);
  if (below) return issue.inclusive ? `at most ${n}` : `below ${n}`;
  return issue.inclusive ? `at least ${n}` : `above ${n}`;
}

/** What is wrong, in words, from one zod issue (without the setting's name). */
export function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'must be a whole number';
      if (issue.expected === 'number') return 'must be a number';
      return `must be a ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'number'
        ? `must be ${bound(issue, false)}`
        : `must have ${bound(issue, false)} characters`;
    case 'too_big':
      return issue.origin === 'number' ? `must be ${bound(issue, true)}` : `must have ${bound(issue, true)} characters`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'url') return 'must be a URL such as https://example.com';
      return issue.message;
    default:
      return issue.message;
  }
}

/** One line for one issue of the environment `env`: "KEY must be ... (got "value")"; values in `secrets` hidden. */
export function describeIssue(
  issue: z.core.$ZodIssue,
  key: string,
  value: unknown,
  secrets: ReadonlySet<string> = new Set(),
): string {
  const index = issue.path.find((part) => typeof part === 'number');
  if (typeof index === 'number' && typeof value === 'string') {
    // An item of a comma-separated list.
    const item = value
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)[index];
    return `${key}: ${shownValue(key, item, secrets)} is not accepted; each entry ${issueText(issue)}`;
  }
  return `${key} ${issueText(issue)} (got ${shownValue(key, value, secrets)})`;
}
