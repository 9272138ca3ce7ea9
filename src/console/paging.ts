import { number } from '../common/format.js';

/** A link to another page, named by the page it leads to (NHS.UK pagination), not the page shown. */
export interface PageLink {
  href: string;
  label: string;
}

export interface PagingView {
  page: number;
  pages: number;
  /** `Showing 51 to 100 of 1,000`; null when the page is empty. */
  showing: string | null;
  prev: PageLink | null;
  next: PageLink | null;
  nav: boolean;
  /** A page past the end (a link kept after items went away) says so and links to the last. */
  beyond: PageLink | null;
}

/** Where page `page` of `limit` items sits among `total`, with `href(n)` the address of page n. */
export function pagingView(page: number, limit: number, total: number, href: (page: number) => string): PagingView {
  const pages = Math.max(1, Math.ceil(total / limit));
  const first = (page - 1) * limit + 1;
  const link = (n: number): PageLink => ({ href: href(n), label: `Page ${n} of ${pages}` });
  const prev = page > 1 && page <= pages ? link(page - 1) : null;
  const next = page < pages ? link(page + 1) : null;
  return {
    page,
    pages,
    showing: total > 0 && page <= pages ? `Showing ${number(first)} to ${number(Math.min(total, page * limit))} of ${number(total)}` : null,
    prev,
    next,
    nav: Boolean(prev || next),
    beyond: page > pages ? { href: href(pages), label: `There is no page ${page}: the last is page ${pages}.` } : null,
  };
}
