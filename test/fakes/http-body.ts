// Test helper: read a request body as JSON or multipart form data (files reported by name, size and type).
import type { IncomingMessage } from 'node:http';

/** A parsed request body: fields (JSON values, or strings from a form) and uploaded files. */
export interface ParsedBody {
  fields: Record<string, unknown>;
  files: Array<{ field: string; name: string; size: number; type: string; bytes: Uint8Array }>;
}

/** Read and parse the body of a request to a fake server. */
export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { fields: {}, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    const parsed: ParsedBody = { fields: {}, files: [] };
    const entries: Array<[string, FormDataEntryValue]> = [];
    form.forEach((value, field) => {
      entries.push([field, value]);
    });
    for (const [field, value] of entries) {
      if (typeof value === 'string') parsed.fields[field] = value;
      else
        parsed.files.push({
          field,
          name: value.name,
          size: value.size,
          type: value.type,
          bytes: new Uint8Array(await value.arrayBuffer()),
        });
    }
    return parsed;
  }
  if (type.includes('json')) return { fields: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
  return { fields: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), files: [] };
}
