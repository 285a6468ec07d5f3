-- The partners data view sorts by company name by default; with this index the first page is an
-- index scan that stops after the page instead of a sort of every partner.
create index partners_company_name_sort_idx on partners (company_name, id);
