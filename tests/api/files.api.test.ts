import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_ORIGIN, type TestEnv } from '../support/app';
import { makeAccount, world, type Actor, type World } from '../support/factories';
import { makeLead } from '../support/sales';

const LIMIT = 1024 * 1024;
const MISSING = '00000000-0000-4000-8000-000000000000';

let env: TestEnv;
let w: World;
let accountA: { id: string };
let accountB: { id: string };
let leadA: { id: string };

beforeAll(async () => {
  // A small limit keeps the size tests quick; the default (10 MiB) is checked on its own.
  env = await createTestEnv({ CONDUIT_FILE_MAX_BYTES: String(LIMIT) });
  w = await world(env);
  accountA = await makeAccount(env.deps, {
    managedByPartnerId: w.partnerA.id,
    partnerUserId: w.repA.id,
  });
  accountB = await makeAccount(env.deps, { managedByPartnerId: w.partnerB.id });
  leadA = await makeLead(env.deps, { partnerId: w.partnerA.id, partnerUserId: w.repA.id });
});
afterAll(() => env.close());

// ---- fixtures: real file signatures ----

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a40000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(200)]);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>',
);

/** A stored (uncompressed) ZIP, enough for signature detection of OOXML and ODF files. */
function zip(entries: [string, string][]) {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const n = Buffer.from(name);
    const d = Buffer.from(content);
    const crc = crc32(d);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(d.length, 18);
    lh.writeUInt32LE(d.length, 22);
    lh.writeUInt16LE(n.length, 26);
    locals.push(lh, n, d);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(d.length, 20);
    ch.writeUInt32LE(d.length, 24);
    ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, n);
    offset += 30 + n.length + d.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
const DOCX = zip([
  [
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ],
  ['word/document.xml', '<w:document/>'],
]);
const ODS = zip([
  ['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'],
  ['content.xml', '<office:document-content/>'],
]);
const JAR = zip([['META-INF/MANIFEST.MF', 'Manifest-Version: 1.0']]);

// ---- requests ----

/** One file field, the way a browser form sends it (the name as raw UTF-8). */
function multipart(filename: string, data: Buffer, claimedType = 'application/octet-stream') {
  const boundary = `----conduit${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${claimedType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, data, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const uploadUrl = (type: string, id: string) => `/api/files?subjectType=${type}&subjectId=${id}`;

async function upload(
  who: Actor | null,
  filename: string,
  data: Buffer,
  opts: { type?: string; id?: string; claimedType?: string } = {},
) {
  const { payload, contentType } = multipart(filename, data, opts.claimedType);
  const raw = await env.app.inject({
    method: 'POST',
    url: uploadUrl(opts.type ?? 'lead', opts.id ?? leadA.id),
    headers: {
      'content-type': contentType,
      ...(who ? { cookie: who.cookie, origin: TEST_ORIGIN } : {}),
    },
    payload,
  });
  return { status: raw.statusCode, body: JSON.parse(raw.body) };
}

async function uploaded(who: Actor, filename: string, data: Buffer, opts = {}) {
  const res = await upload(who, filename, data, opts);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; contentType: string; sha256: string };
}

const download = (who: Actor, id: string) => who.http.get(`/api/files/${id}/download`);
const list = (who: Actor, type: string, id: string, extra = '') =>
  who.http.get(`/api/files?subjectType=${type}&subjectId=${id}${extra}`);

describe('POST /api/files', () => {
  it('401 → 404 for records out of scope (before the upload is read)', async () => {
    expect((await upload(null, 'a.pdf', PDF)).status).toBe(401);
    for (const a of [w.adminA, w.repA]) {
      expect((await upload(a, 'a.pdf', PDF, { type: 'partner', id: w.partnerA.id })).status).toBe(
        404,
      );
    }
    const missing = await upload(w.adminB, 'a.pdf', PDF, { id: MISSING });
    for (const [a, type, id] of [
      [w.adminB, 'lead', leadA.id],
      [w.repA2, 'lead', leadA.id],
      [w.adminA, 'account', accountB.id],
    ] as const) {
      const res = await upload(a, 'a.pdf', PDF, { type, id });
      expect(res.status).toBe(404);
      expect({ ...res.body.error, requestId: 0 }).toEqual({ ...missing.body.error, requestId: 0 });
    }
  });

  it('stores the file with its checksum, the record’s partner and the uploader, and audits it', async () => {
    const res = await upload(w.repA, 'proposal.pdf', PDF, { claimedType: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subjectType: 'lead',
      subjectId: leadA.id,
      partnerId: w.partnerA.id,
      name: 'proposal.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      uploadedBy: { id: w.repA.id, name: w.repA.name },
      downloadUrl: `/api/files/${res.body.id}/download`,
      abilities: { download: true, delete: true },
    });
    const h = await w.adminA.http.get(`/api/history?subjectType=file&subjectId=${res.body.id}`);
    expect(h.body.data[0]).toMatchObject({
      action: 'create',
      actor: { id: w.repA.id },
      changes: { name: { from: null, to: 'proposal.pdf' }, size: { to: PDF.length } },
    });
    expect(
      (await w.adminB.http.get(`/api/history?subjectType=file&subjectId=${res.body.id}`)).status,
    ).toBe(404);
  });

  it('accepts a file of exactly the limit and refuses one byte more with 413 naming the limit', async () => {
    const exact = Buffer.alloc(LIMIT, 'a');
    const ok = await upload(w.salesRep, 'exact.txt', exact);
    expect(ok.status).toBe(201);
    expect(ok.body.size).toBe(LIMIT);
    const over = await upload(w.salesRep, 'over.txt', Buffer.alloc(LIMIT + 1, 'a'));
    expect(over.status).toBe(413);
    expect(over.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The file is larger than the 1 MB limit',
      fields: { file: 'must be at most 1 MB' },
    });
    // Far bigger than the limit (and the JSON body limit) is refused the same way.
    const huge = await upload(w.salesRep, 'huge.bin', Buffer.alloc(LIMIT * 3, 1));
    expect(huge.status).toBe(413);
  });

  it('sniffs the type from the content, never from the name or the browser', async () => {
    const png = await uploaded(w.salesRep, 'invoice.pdf', PNG, { claimedType: 'application/pdf' });
    expect(png).toMatchObject({ name: 'invoice.pdf', contentType: 'image/png' });
    const docx = await uploaded(w.salesRep, 'contract.docx', DOCX);
    expect(docx.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const ods = await uploaded(w.salesRep, 'prices.ods', ODS);
    expect(ods.contentType).toBe('application/vnd.oasis.opendocument.spreadsheet');
    const csv = await uploaded(
      w.salesRep,
      'contacts.csv',
      Buffer.from('name,email\nAna,a@x.test\n'),
    );
    expect(csv.contentType).toBe('text/csv');
    const txt = await uploaded(w.salesRep, 'README', Buffer.from('Grüße — plain text\n'));
    expect(txt.contentType).toBe('text/plain');
  });

  it('refuses executables, markup, scripts and unknown binaries with 415 naming what is accepted', async () => {
    const cases: [string, Buffer][] = [
      ['setup.exe', EXE],
      ['report.pdf', EXE],
      ['tool', ELF],
      ['page.html', HTML],
      ['page.txt', HTML],
      ['logo.svg', SVG],
      ['logo.txt', SVG],
      ['app.jar', JAR],
      ['run.sh', Buffer.from('#!/bin/sh\nrm -rf /\n')],
      ['nul.txt', Buffer.from('text with a \u0000 NUL byte')],
      ['latin1.txt', Buffer.from([0x66, 0xfc, 0x72, 0x20, 0xe9])],
      ['random.bin', Buffer.from([0x00, 0xff, 0x10, 0x80, 0x00, 0x42])],
    ];
    for (const [name, data] of cases) {
      const res = await upload(w.salesRep, name, data, { claimedType: 'text/plain' });
      expect(res.status, name).toBe(415);
      expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.error.message).toContain('Accepted: PDF, PNG, JPEG');
    }
  });

  it('cleans file names: no paths, no control or direction characters, at most 255 characters', async () => {
    const a = await uploaded(w.salesRep, '../../etc/pass\u0007wd.txt', Buffer.from('x'));
    expect(a.name).toBe('passwd.txt');
    const b = await uploaded(
      w.salesRep,
      'C:\\Users\\ana\\invoice\u202Etxt.exe.txt',
      Buffer.from('x'),
    );
    expect(b.name).toBe('invoicetxt.exe.txt');
    const long = `${'é'.repeat(300)}.pdf`;
    const c = await uploaded(w.salesRep, long, PDF);
    expect(Array.from(c.name)).toHaveLength(255);
    expect(c.name.endsWith('é.pdf')).toBe(true);
  });

  it('refuses a body that is not a file upload, an empty file and a missing file', async () => {
    const json = await w.salesRep.http.post(uploadUrl('lead', leadA.id), { file: 'x' });
    expect(json.status).toBe(415);
    const empty = await upload(w.salesRep, 'empty.txt', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual({ file: 'is empty' });
    const boundary = 'xyz';
    const noFile = await env.app.inject({
      method: 'POST',
      url: uploadUrl('lead', leadA.id),
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: w.salesRep.cookie,
        origin: TEST_ORIGIN,
      },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--${boundary}--\r\n`,
    });
    expect(noFile.statusCode).toBe(400);
    const truncated = await env.app.inject({
      method: 'POST',
      url: uploadUrl('lead', leadA.id),
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: w.salesRep.cookie,
        origin: TEST_ORIGIN,
      },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhal`,
    });
    expect(truncated.statusCode).toBe(400);
    expect((await list(w.salesRep, 'lead', MISSING)).status).toBe(404);
  });
});

describe('GET /api/files', () => {
  it('401 → 404 for records out of scope; 400 without a record', async () => {
    expect((await w.anon.get(`/api/files?subjectType=lead&subjectId=${leadA.id}`)).status).toBe(
      401,
    );
    expect((await list(w.adminA, 'partner', w.partnerA.id)).status).toBe(404);
    expect((await list(w.adminB, 'lead', leadA.id)).status).toBe(404);
    expect((await list(w.repA2, 'lead', leadA.id)).status).toBe(404);
    expect((await list(w.repB, 'account', accountA.id)).status).toBe(404);
    expect((await w.admin.http.get('/api/files')).status).toBe(400);
  });

  it('lists metadata newest first, never the bytes, with the upload limit', async () => {
    const account = await makeAccount(env.deps, { managedByPartnerId: w.partnerA.id });
    for (const n of ['one.txt', 'two.txt', 'three.txt']) {
      await uploaded(w.adminA, n, Buffer.from(n), { type: 'account', id: account.id });
    }
    const first = await list(w.adminA, 'account', account.id, '&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.maxBytes).toBe(LIMIT);
    expect(first.body.data.map((f: { name: string }) => f.name)).toEqual(['three.txt', 'two.txt']);
    expect(first.body.data[0]).not.toHaveProperty('data');
    const second = await list(
      w.adminA,
      'account',
      account.id,
      `&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data.map((f: { name: string }) => f.name)).toEqual(['one.txt']);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('GET /api/files/:id/download', () => {
  it('401 → 404 out of scope → the bytes as a safe attachment with the sniffed type', async () => {
    const name = 'Q4 %22final%22 Angebot – Müller.png';
    const f = await uploaded(w.repA, name, PNG, { claimedType: 'text/html' });
    expect(f.name).toBe('Q4 "final" Angebot – Müller.png');
    expect((await w.anon.get(`/api/files/${f.id}/download`)).status).toBe(401);
    expect((await download(w.adminB, f.id)).status).toBe(404);
    expect((await download(w.repA2, f.id)).status).toBe(404);
    expect((await download(w.admin, MISSING)).status).toBe(404);

    const res = await download(w.adminA, f.id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Q4 _final_ Angebot _ Muller.png"; filename*=UTF-8''Q4%20%22final%22%20Angebot%20%E2%80%93%20M%C3%BCller.png`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const bytes = res.raw.rawPayload;
    expect(bytes.equals(PNG)).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
  });

  it('partner users cannot download files on a partner record (the vendor’s log)', async () => {
    const f = await uploaded(w.channelManager, 'tiering.pdf', PDF, {
      type: 'partner',
      id: w.partnerA.id,
    });
    for (const a of [w.adminA, w.repA]) expect((await download(a, f.id)).status).toBe(404);
    expect((await download(w.finance, f.id)).status).toBe(200);
  });
});

describe('DELETE /api/files/:id', () => {
  it('401 → 403 (not the uploader) → 404 (out of scope) → deletes with history', async () => {
    const f = await uploaded(w.repA, 'delete-me.txt', Buffer.from('bye'));
    expect((await w.anon.delete(`/api/files/${f.id}`)).status).toBe(401);
    expect((await w.salesRep.http.delete(`/api/files/${f.id}`)).status).toBe(403);
    expect((await w.adminB.http.delete(`/api/files/${f.id}`)).status).toBe(404);
    expect((await w.repA2.http.delete(`/api/files/${f.id}`)).status).toBe(404);
    expect((await w.repA.http.delete(`/api/files/${f.id}`)).status).toBe(204);
    expect((await download(w.repA, f.id)).status).toBe(404);
    const event = await env.deps.db
      .selectFrom('events')
      .select(['action', 'partner_id'])
      .where('subject_type', '=', 'file')
      .where('subject_id', '=', f.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ action: 'delete', partner_id: w.partnerA.id });
  });

  it("the partner's admin may delete their company's files; an administrator any", async () => {
    const byRep = await uploaded(w.repA, 'a.txt', Buffer.from('a'));
    const list1 = await list(w.adminA, 'lead', leadA.id);
    expect(list1.body.data.find((f: { id: string }) => f.id === byRep.id).abilities.delete).toBe(
      true,
    );
    expect((await w.adminA.http.delete(`/api/files/${byRep.id}`)).status).toBe(204);
    const byVendor = await uploaded(w.salesRep, 'b.txt', Buffer.from('b'));
    expect((await w.repA.http.delete(`/api/files/${byVendor.id}`)).status).toBe(403);
    expect((await w.admin.http.delete(`/api/files/${byVendor.id}`)).status).toBe(204);
  });
});

describe('configuration', () => {
  it('defaults to a 10 MiB limit', async () => {
    const { testConfig } = await import('../support/app');
    expect(testConfig().fileMaxBytes).toBe(10 * 1024 * 1024);
  });
});
