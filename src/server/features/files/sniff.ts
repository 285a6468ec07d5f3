import { isUtf8 } from 'node:buffer';
import { fileTypeFromBuffer } from 'file-type';
import { ACCEPTED_FILE_TYPES, FILE_NAME_MAX } from '../../../shared/files';

/**
 * What a file really is, decided from its bytes. The browser's Content-Type and the file name's
 * extension are claims anyone can forge; the signature is what a viewer will act on.
 */
export type Sniffed = { ok: true; contentType: string } | { ok: false; reason: string };

/**
 * Text formats that a browser or a desktop would run or render as a page. They are text, so no
 * signature gives them away: refuse them by name and by their leading markup.
 */
const ACTIVE_TEXT_EXTENSIONS = new Set([
  'htm',
  'html',
  'xhtml',
  'shtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
  'js',
  'mjs',
  'cjs',
  'hta',
  'bat',
  'cmd',
  'ps1',
  'vbs',
  'wsf',
  'sh',
  'php',
]);

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/** Markup starts with a tag (after an optional byte-order mark and whitespace). */
function looksLikeMarkup(data: Buffer) {
  const head = data
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return /^<[!?a-zA-Z]/.test(head);
}

export async function sniffFile(data: Buffer, name: string): Promise<Sniffed> {
  const detected = await fileTypeFromBuffer(data);
  if (detected) {
    return Object.hasOwn(ACCEPTED_FILE_TYPES, detected.mime) && !detected.mime.startsWith('text/')
      ? { ok: true, contentType: detected.mime }
      : { ok: false, reason: `${detected.ext.toUpperCase()} files are not accepted` };
  }
  // No signature: only UTF-8 text without NUL bytes passes, and never markup or scripts.
  if (data.includes(0) || !isUtf8(data)) {
    return { ok: false, reason: 'The file type could not be recognised' };
  }
  const ext = extensionOf(name);
  if (ACTIVE_TEXT_EXTENSIONS.has(ext) || looksLikeMarkup(data)) {
    return { ok: false, reason: 'Web pages, SVG images, XML and scripts are not accepted' };
  }
  return { ok: true, contentType: ext === 'csv' ? 'text/csv' : 'text/plain' };
}

/** C0/C1 control characters and the bidirectional marks and overrides. */
const invisible = (cp: number) =>
  cp < 0x20 ||
  (cp >= 0x7f && cp <= 0x9f) ||
  cp === 0x200e ||
  cp === 0x200f ||
  (cp >= 0x202a && cp <= 0x202e) ||
  (cp >= 0x2066 && cp <= 0x2069);

/**
 * A file name that is safe to store and to show: the last path segment only, no control or
 * bidirectional-override characters (which can disguise "exe.pdf" as "fdp.exe"), trimmed, at
 * most FILE_NAME_MAX characters with the extension kept.
 */
export function sanitiseFileName(raw: string | undefined): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = Array.from(name)
    .filter((c) => !invisible(c.codePointAt(0)!))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (!name) return 'file';
  const chars = Array.from(name);
  if (chars.length <= FILE_NAME_MAX) return name;
  const ext = extensionOf(name);
  const keep = ext && ext.length < 20 ? `.${ext}` : '';
  return chars.slice(0, FILE_NAME_MAX - keep.length).join('') + keep;
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 with RFC 5987 encoding): the quoted
 * form is an ASCII fallback for old clients, the starred form carries the real name.
 */
export function contentDisposition(name: string): string {
  const fallback =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_') || 'file';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
