import type { ByteSource } from '../parse';

/** What the first bytes of an upload say it is. */
export type Sniff =
  | { kind: 'zip' }
  | { kind: 'xls' }
  | { kind: 'binary' }
  | { kind: 'text'; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | null; bom: number };

/** How much of the file is looked at to decide its format, encoding and delimiter. */
export const HEAD_BYTES = 64 * 1024;

/** Reads up to `max` bytes from the start of the source, then stops reading. */
export async function readHead(open: ByteSource, max = HEAD_BYTES): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of open()) {
    parts.push(chunk);
    size += chunk.byteLength;
    if (size >= max) break;
  }
  const head = new Uint8Array(Math.min(size, max));
  let at = 0;
  for (const part of parts) {
    const take = Math.min(part.byteLength, head.byteLength - at);
    head.set(part.subarray(0, take), at);
    at += take;
    if (at >= head.byteLength) break;
  }
  return head;
}

const startsWith = (bytes: Uint8Array, ...sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** Signatures of formats that are certainly not a spreadsheet export. */
const BINARY_SIGNATURES: number[][] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x1f, 0x8b], // gzip
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x52, 0x61, 0x72, 0x21, 0x1a], // RAR
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x42, 0x5a, 0x68], // bzip2
  [0x00, 0x00, 0x01, 0x00], // ICO
];

/**
 * Decides from the first bytes whether the upload is an XLSX (a ZIP), an old binary Excel file,
 * some other binary file or text, and for text which byte-order mark it starts with.
 *
 * Text without a byte-order mark whose every other byte is NUL is UTF-16 (Excel's "Unicode
 * text" export has a BOM, but not every tool writes one). Otherwise, text with more than 10 %
 * NUL bytes or more than 1 % other control characters is treated as binary; fewer NUL bytes
 * are stripped while reading (see `decodeText`).
 */
export function sniff(head: Uint8Array): Sniff {
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04)) return { kind: 'zip' };
  if (startsWith(head, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return { kind: 'xls' };
  // An empty or spanned ZIP (a CSV may well start with "PK", as in a "PK" column).
  if (startsWith(head, 0x50, 0x4b, 0x05, 0x06) || startsWith(head, 0x50, 0x4b, 0x07, 0x08))
    return { kind: 'binary' };
  if (startsWith(head, 0xef, 0xbb, 0xbf)) return { kind: 'text', encoding: 'utf-8', bom: 3 };
  if (startsWith(head, 0xff, 0xfe)) return { kind: 'text', encoding: 'utf-16le', bom: 2 };
  if (startsWith(head, 0xfe, 0xff)) return { kind: 'text', encoding: 'utf-16be', bom: 2 };
  if (BINARY_SIGNATURES.some((sig) => startsWith(head, ...sig))) return { kind: 'binary' };

  const n = head.byteLength;
  let evenNul = 0;
  let oddNul = 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    } else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) {
      controls++;
    }
  }
  const half = n / 2;
  if (n >= 4 && oddNul > 0.9 * half && evenNul < 0.05 * half) {
    return { kind: 'text', encoding: 'utf-16le', bom: 0 };
  }
  if (n >= 4 && evenNul > 0.9 * half && oddNul < 0.05 * half) {
    return { kind: 'text', encoding: 'utf-16be', bom: 0 };
  }
  if (evenNul + oddNul > 0.1 * n || controls > 0.01 * n) return { kind: 'binary' };
  return { kind: 'text', encoding: null, bom: 0 };
}

/** Whether the whole source is valid UTF-8 (read to the end, a chunk at a time). */
export async function isUtf8Source(open: ByteSource): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of open()) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/**
 * Node 20's TextDecoder treats 'windows-1252' as ISO-8859-1 and leaves 0x80–0x9F as C1 control
 * characters; these are the characters Windows-1252 has there (the five undefined bytes stay).
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
  0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];
const C1 = /[\u0080-\u009f]/g;
const HAS_C1 = /[\u0080-\u009f]/;
const fixCp1252 = (s: string) =>
  HAS_C1.test(s)
    ? s.replace(C1, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!))
    : s;

/**
 * The source as text, a chunk at a time: the byte-order mark is dropped and NUL characters are
 * removed (they carry no meaning in a CSV and PostgreSQL cannot store them in text).
 */
export async function* decodeText(open: ByteSource, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  const cp1252 = encoding === 'windows-1252';
  const clean = (s: string) => {
    const t = s.includes('\u0000') ? s.replaceAll('\u0000', '') : s;
    return cp1252 ? fixCp1252(t) : t;
  };
  for await (const chunk of open()) {
    const text = clean(decoder.decode(chunk, { stream: true }));
    if (text) yield text;
  }
  const rest = clean(decoder.decode());
  if (rest) yield rest;
}

/** Decodes a head of the file (a possibly cut last character becomes U+FFFD, which is harmless here). */
export function decodeHead(head: Uint8Array, encoding: string): string {
  const text = new TextDecoder(encoding).decode(head).replaceAll('\u0000', '');
  return encoding === 'windows-1252' ? fixCp1252(text) : text;
}

export const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The delimiter used by the file: each candidate is counted outside quotes on the first 50
 * lines (a quoted line break does not end a line). The winner is the candidate found on the
 * first line that appears the same number of times on the most lines; ties go to the more
 * occurrences on the first line, then to the order comma, semicolon, tab. A file with none of
 * them on its first line has a single column; its delimiter is reported as a comma.
 */
export function detectDelimiter(text: string, complete: boolean): string {
  const lines: number[][] = [];
  let counts = [0, 0, 0];
  let inQuotes = false;
  let hasText = false;
  for (let i = 0; i < text.length && lines.length < 50; i++) {
    const c = text[i]!;
    if (c === '"') {
      inQuotes = !inQuotes;
      hasText = true;
    } else if (!inQuotes && (c === '\n' || c === '\r')) {
      if (hasText) lines.push(counts);
      counts = [0, 0, 0];
      hasText = false;
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else {
      hasText = true;
      if (!inQuotes) {
        const k = DELIMITERS.indexOf(c as (typeof DELIMITERS)[number]);
        if (k >= 0) counts[k]!++;
      }
    }
  }
  // The last line of a cut-off head is incomplete: only count it when it is all there is.
  if (hasText && (complete || lines.length === 0)) lines.push(counts);
  const first = lines[0];
  if (!first) return ',';
  let best = -1;
  let bestScore = -1;
  for (let k = 0; k < DELIMITERS.length; k++) {
    const onFirst = first[k]!;
    if (onFirst === 0) continue;
    const same = lines.filter((l) => l[k] === onFirst).length;
    const score = same * 100_000 + Math.min(onFirst, 99_999);
    if (score > bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best < 0 ? ',' : DELIMITERS[best]!;
}
