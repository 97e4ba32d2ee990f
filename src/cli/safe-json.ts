// JSON for a terminal: JSON.stringify escapes C0 controls but leaves C1 controls and bidi overrides
// raw, and some terminals act on those. Escaping them keeps the output valid JSON and inert.

export function toSafeJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
