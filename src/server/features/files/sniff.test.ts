import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../shared/files';
import { contentDisposition, sanitiseFileName } from './sniff';

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987)', () => {
    expect(contentDisposition('report.pdf')).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
    expect(contentDisposition('Zürich "Q4" (draft)\\v2*.xlsx')).toBe(
      `attachment; filename="Zurich _Q4_ (draft)_v2*.xlsx"; filename*=UTF-8''Z%C3%BCrich%20%22Q4%22%20%28draft%29%5Cv2%2A.xlsx`,
    );
    expect(contentDisposition('見積書.pdf')).toBe(
      `attachment; filename="___.pdf"; filename*=UTF-8''%E8%A6%8B%E7%A9%8D%E6%9B%B8.pdf`,
    );
  });
});

describe('sanitiseFileName', () => {
  it('keeps the last path segment without control or direction characters', () => {
    expect(sanitiseFileName('/tmp/../a/b\\c.txt')).toBe('c.txt');
    expect(sanitiseFileName('a\u0000b\u001b[31mc\u202e.txt')).toBe('ab[31mc.txt');
    expect(sanitiseFileName('  many   spaces .pdf ')).toBe('many spaces .pdf');
    expect(sanitiseFileName('..')).toBe('file');
    expect(sanitiseFileName(undefined)).toBe('file');
  });

  it('cuts long names to 255 characters, keeping the extension and whole characters', () => {
    const name = sanitiseFileName(`${'😀'.repeat(300)}.docx`);
    expect(Array.from(name)).toHaveLength(255);
    expect(name.endsWith('😀.docx')).toBe(true);
  });
});

describe('formatBytes', () => {
  it('reads like a file manager', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(48 * 1024)).toBe('48 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatBytes(14_500_000)).toBe('14 MB');
  });
});
