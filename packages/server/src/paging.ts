/**
 * A Spotify paging object; `href` is the list's path, to which offset/limit (and `extra`,
 * e.g. `&time_range=week`) are appended.
 */
export function page<T>(href: string, items: T[], limit: number, offset: number, total: number, extra = '') {
  const link = (o: number) => `${href}?offset=${o}&limit=${limit}${extra}`;
  return {
    href: link(offset),
    items,
    limit,
    next: offset + limit < total ? link(offset + limit) : null,
    offset,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    total,
  };
}
