import { z } from 'zod';
import type { Ctx } from './actor';
import { ctx } from './access';
import type { Access } from './access';
import { csvFilename, csvStream, type RecordPages } from './csv';
import { errorResponses, type App } from './types';
import {
  XLSX_CONTENT_TYPE,
  xlsxFilename,
  xlsxStream,
  type ExportKind,
  type XlsxColumn,
} from './xlsx';

/** One export column: the record key, the header a person reads, how a spreadsheet types it. */
export type ExportColumn = XlsxColumn;

/** What a feature hands over for an export: the file's base name, its columns and its rows. */
export type ExportData = {
  name: string;
  columns: ExportColumn[];
  records: RecordPages;
};

/** The export columns for the chosen column keys, with their headers and spreadsheet kinds. */
export function fileColumns<C extends string>(
  columns: readonly C[],
  labels: Record<C, string>,
  kinds: Partial<Record<C, ExportKind>> = {},
): ExportColumn[] {
  return columns.map((c) => {
    const kind = kinds[c];
    return { key: c, header: labels[c], ...(kind ? { kind } : {}) };
  });
}

/** Rows per keyset page while exporting: large enough to be quick, small enough to stay flat. */
export const EXPORT_PAGE = 1000;

/**
 * The rows of a list as pages of export records, one page read ahead. The first page is
 * read before this resolves, so a bad filter or sort is answered with a proper error before anything is sent.
 */
export async function pagedRecords<R>(
  readPage: (cursor: string | undefined) => Promise<{ rows: R[]; nextCursor: string | null }>,
  toRecord: (row: R) => Record<string, unknown>,
): Promise<RecordPages> {
  const first = await readPage(undefined);
  async function* records() {
    let page = first;
    for (;;) {
      // The next page is read while this one is written out, so the database and the writing
      // work at the same time. A failure is left for the await below, which passes it on.
      const next = page.nextCursor ? readPage(page.nextCursor) : null;
      next?.catch(() => undefined);
      yield page.rows.map(toRecord);
      if (!next) return;
      page = await next;
    }
  }
  return records();
}

const FORMATS = {
  csv: {
    contentType: 'text/csv; charset=utf-8',
    description: 'text/csv; UTF-8 with a byte-order mark',
    filename: csvFilename,
    stream: csvStream,
  },
  xlsx: {
    contentType: XLSX_CONTENT_TYPE,
    description: 'an Excel workbook: bold frozen header row, real dates and numbers',
    filename: xlsxFilename,
    stream: xlsxStream,
  },
} as const;

/**
 * Registers `/api/exports/<entity>.csv` and `/api/exports/<entity>.xlsx`: the same query, access
 * and scope as the list, one producer of rows for both formats.
 */
export function exportRoutes<Q extends z.ZodType>(
  app: App,
  def: {
    entity: string;
    tag: string;
    access: Access;
    summary: string;
    querystring: Q;
    produce: (ctx: Ctx, query: z.output<Q>) => Promise<ExportData>;
  },
) {
  const forbidden = def.access === 'authenticated' ? [] : [403 as const];
  for (const [ext, format] of Object.entries(FORMATS)) {
    app.get(
      `/api/exports/${def.entity}.${ext}`,
      {
        config: { access: def.access },
        schema: {
          tags: [def.tag],
          summary: `${def.summary} (${ext.toUpperCase()})`,
          querystring: def.querystring,
          response: {
            200: z.any().meta({ description: format.description }),
            ...errorResponses(400, 401, ...forbidden),
          },
        },
      },
      async (req, reply) => {
        const data = await def.produce(ctx(req), req.query as z.output<Q>);
        return reply
          .header('content-type', format.contentType)
          .header('content-disposition', `attachment; filename="${format.filename(data.name)}"`)
          .header('cache-control', 'no-store')
          .send(format.stream(data.columns, data.records));
      },
    );
  }
}
