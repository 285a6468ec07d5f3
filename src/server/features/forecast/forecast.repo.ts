import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/types';

type Db = Kysely<DB> | Transaction<DB>;

export const QUARTERS = 3;

type QuarterCols = {
  [K in `${'w' | 'c' | 'b' | 'p' | 'mw'}${0 | 1 | 2}`]: string;
} & { [K in `${'n' | 'kw'}${0 | 1 | 2}`]: number } & {
  [K in `${'from' | 'to' | 'label'}${0 | 1 | 2}`]: string;
};

export type ForecastFigures = QuarterCols & {
  base_currency: string;
  won: number;
  lost: number;
  won_with_amount: number;
  lead_sample: number;
  win_rate: number | null;
  deal_size: number | null;
  cycle_days: number | null;
  conversion: number | null;
  m_win_rate: number | null;
  m_deal_size: number | null;
  m_cycle_days: number | null;
  m_conversion: number | null;
  k_win_rate: number;
  k_deal_size: number;
  k_cycle_days: number;
  k_conversion: number;
  network_size: number;
};

const each = (f: (i: number) => RawBuilder<unknown>) =>
  sql.join(Array.from({ length: QUARTERS }, (_, i) => f(i)));

const col = (prefix: string, i: number) => sql.ref(`${prefix}${i}`);

/**
 * Everything the Forecasts tab shows, in one statement: per-partner figures are aggregated once
 * (GROUP BY partner over the deals and the leads), and the network medians are taken over that
 * same grouping. Amounts are converted to the base currency (amount ÷ rate) and rounded only at
 * the end. The network is the active partners; the partner asked about is included whatever
 * its status, but only active partners count towards the medians, each median over those that
 * have data for it.
 *
 * - quarters: the current calendar quarter (UTC) and the next two, by close date, open stages
 *   only and not those whose forecast category is "omitted";
 * - closed deals: won or lost in the last 12 months, by closed_at;
 * - leads: those assigned to the partner that ended converted or closed.
 */
export async function forecastFigures(db: Db, partnerId: string) {
  const inQuarter = (i: number) =>
    sql`s.kind = 'open' and o.close_date >= ${col('bd.q', i)} and o.close_date < ${col('bd.q', i + 1)}`;
  const base = sql`o.amount / c.rate`;
  const { rows } = await sql<ForecastFigures>`
    with bd as (
      select q0, (q0 + interval '3 months')::date as q1, (q0 + interval '6 months')::date as q2,
        (q0 + interval '9 months')::date as q3
      from (select date_trunc('quarter', now() at time zone 'UTC')::date as q0) t
    ),
    net as (
      select id, status = 'active' as active from partners
      where status = 'active' or id = ${partnerId}
    ),
    -- One pass over the deals that count, joined only to the two small lookup tables, grouped by
    -- partner; the network is applied afterwards, to the few hundred grouped rows.
    deals as (
      select o.partner_id,
        ${each(
          (
            i,
          ) => sql`sum(${base} * s.probability / 100) filter (where ${inQuarter(i)}) as ${col('w', i)},
          sum(${base}) filter (where ${inQuarter(i)} and s.forecast_category = 'commit') as ${col('c', i)},
          sum(${base}) filter (where ${inQuarter(i)}
            and s.forecast_category in ('commit', 'best_case')) as ${col('b', i)},
          sum(${base}) filter (where ${inQuarter(i)}) as ${col('p', i)},
          count(*) filter (where ${inQuarter(i)}) as ${col('n', i)}`,
        )},
        count(*) filter (where s.kind = 'won') as won,
        count(*) filter (where s.kind = 'lost') as lost,
        count(o.amount) filter (where s.kind = 'won') as won_with_amount,
        avg(${base}) filter (where s.kind = 'won') as deal_size,
        avg(extract(epoch from o.closed_at - o.created_at) / 86400)
          filter (where s.kind = 'won') as cycle_days
      from opportunities o
      join opportunity_stages s on s.id = o.stage_id
      join currencies c on c.code = o.currency
      cross join bd
      where o.partner_id is not null
        and ((s.kind = 'open' and s.forecast_category <> 'omitted'
            and o.close_date >= bd.q0 and o.close_date < bd.q3)
          or (s.kind <> 'open' and o.closed_at >= now() - interval '12 months'))
      group by o.partner_id
    ),
    -- Leads counted per partner and status first (no join on the big side), then by kind.
    lead_parts as (
      select l.partner_id, l.status_id, count(*) as n
      from leads l
      where l.partner_id is not null
        and l.status_id in (select id from lead_statuses where kind <> 'open')
      group by 1, 2
    ),
    lead_counts as (
      select lp.partner_id,
        coalesce(sum(lp.n) filter (where ls.kind = 'converted'), 0) as converted,
        coalesce(sum(lp.n) filter (where ls.kind = 'closed'), 0) as closed
      from lead_parts lp
      join lead_statuses ls on ls.id = lp.status_id
      group by lp.partner_id
    ),
    per as (
      select net.id, net.active,
        ${each(
          (i) => sql`coalesce(d.${col('w', i)}, 0) as ${col('w', i)},
          coalesce(d.${col('c', i)}, 0) as ${col('c', i)},
          coalesce(d.${col('b', i)}, 0) as ${col('b', i)},
          coalesce(d.${col('p', i)}, 0) as ${col('p', i)},
          coalesce(d.${col('n', i)}, 0) as ${col('n', i)}`,
        )},
        coalesce(d.won, 0) as won, coalesce(d.lost, 0) as lost,
        coalesce(d.won_with_amount, 0) as won_with_amount,
        case when d.won + d.lost > 0 then d.won::numeric / (d.won + d.lost) end as win_rate,
        d.deal_size, d.cycle_days,
        coalesce(lc.converted, 0) + coalesce(lc.closed, 0) as lead_sample,
        case when lc.converted + lc.closed > 0
          then lc.converted::numeric / (lc.converted + lc.closed) end as conversion
      from net
      left join deals d on d.partner_id = net.id
      left join lead_counts lc on lc.partner_id = net.id
    ),
    med as (
      select count(*)::int as network_size,
        ${each(
          (i) => sql`percentile_cont(0.5) within group (order by ${col('w', i)})
            filter (where ${col('n', i)} > 0) as ${col('mw', i)},
          (count(*) filter (where ${col('n', i)} > 0))::int as ${col('kw', i)}`,
        )},
        percentile_cont(0.5) within group (order by win_rate) as m_win_rate,
        count(win_rate)::int as k_win_rate,
        percentile_cont(0.5) within group (order by deal_size) as m_deal_size,
        count(deal_size)::int as k_deal_size,
        percentile_cont(0.5) within group (order by cycle_days) as m_cycle_days,
        count(cycle_days)::int as k_cycle_days,
        percentile_cont(0.5) within group (order by conversion) as m_conversion,
        count(conversion)::int as k_conversion
      from per where active
    )
    select (select code from currencies where is_base) as base_currency,
      ${each(
        (i) => sql`to_char(${col('bd.q', i)}, 'YYYY-"Q"Q') as ${col('label', i)},
        to_char(${col('bd.q', i)}, 'YYYY-MM-DD') as ${col('from', i)},
        to_char(${col('bd.q', i + 1)} - 1, 'YYYY-MM-DD') as ${col('to', i)},
        round(p.${col('w', i)}, 2)::text as ${col('w', i)},
        round(p.${col('c', i)}, 2)::text as ${col('c', i)},
        round(p.${col('b', i)}, 2)::text as ${col('b', i)},
        round(p.${col('p', i)}, 2)::text as ${col('p', i)},
        p.${col('n', i)}::int as ${col('n', i)},
        round(coalesce(m.${col('mw', i)}, 0)::numeric, 2)::text as ${col('mw', i)},
        m.${col('kw', i)}`,
      )},
      p.won::int as won, p.lost::int as lost, p.won_with_amount::int as won_with_amount,
      p.lead_sample::int as lead_sample,
      round(p.win_rate, 4)::float8 as win_rate,
      round(p.deal_size, 2)::float8 as deal_size,
      round(p.cycle_days, 1)::float8 as cycle_days,
      round(p.conversion, 4)::float8 as conversion,
      round(m.m_win_rate::numeric, 4)::float8 as m_win_rate,
      round(m.m_deal_size::numeric, 2)::float8 as m_deal_size,
      round(m.m_cycle_days::numeric, 1)::float8 as m_cycle_days,
      round(m.m_conversion::numeric, 4)::float8 as m_conversion,
      m.k_win_rate, m.k_deal_size, m.k_cycle_days, m.k_conversion, m.network_size
    from per p cross join med m cross join bd
    where p.id = ${partnerId}`.execute(db);
  return rows[0];
}
