/** Grant lines in their canonical order: sorted, each once, so that equal lists mean equal privileges. */
export const canonicalGrants = (lines: Iterable<string>): string[] =>
  [...new Set(lines)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** A list read in pages: more pages than this is a service that ignores its paging parameters. */
const MAX_PAGES = 1_000;

/** One page of a list read by offset: its items and, when the answer has it, how many the whole list holds. */
export interface OffsetPage<Item> {
  readonly items: readonly Item[];
  readonly total?: number | undefined;
}

/**
 * For each of `matchers`, the first item of an offset-paged list that it matches (or undefined), reading page after
 * page until every matcher has its item or the list is read (an empty or short page, or `total` items): one pass
 * over the list for all of them. The offset advances by the items a page had, so a service that answers fewer than
 * `limit` per page is still read whole.
 */
export async function findAllOnPages<Item>(
  readPage: (offset: number, limit: number) => Promise<OffsetPage<Item>>,
  matchers: readonly ((item: Item) => boolean)[],
  limit = 100,
): Promise<(Item | undefined)[]> {
  const found = new Array<Item | undefined>(matchers.length).fill(undefined);
  let left = matchers.length;
  let offset = 0;
  for (let pages = 0; pages < MAX_PAGES && left > 0; pages += 1) {
    const page = await readPage(offset, limit);
    matchers.forEach((matches, index) => {
      if (found[index] !== undefined) return;
      found[index] = page.items.find(matches);
      if (found[index] !== undefined) left -= 1;
    });
    offset += page.items.length;
    const done = page.total === undefined ? page.items.length < limit : offset >= page.total;
    if (page.items.length === 0 || done) return found;
  }
  if (left === 0) return found;
  throw new RangeError(`the list did not end within ${MAX_PAGES} pages of ${limit}: its paging is not as documented`);
}

/** The first item of an offset-paged list that `matches`, or undefined (findAllOnPages for one). */
export const findOnPages = async <Item>(
  readPage: (offset: number, limit: number) => Promise<OffsetPage<Item>>,
  matches: (item: Item) => boolean,
  limit = 100,
): Promise<Item | undefined> => (await findAllOnPages(readPage, [matches], limit))[0];

/** `items` in runs of at most `size` (none for an empty list). */
export const chunksOf = <Item>(items: readonly Item[], size: number): Item[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
