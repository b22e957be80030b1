// Messages that list user values (unknown services, unknown fields) list only the first few, each
// quoted short: a request may name thousands, and every answer must fit in a status. Pure.
import { quote } from '@kurtosis-ts/protos';

export const MAX_LISTED_VALUES = 10;

/** "'a', 'b', 'c'" or "'a', 'b', … and 40 more"; `show` = how one value is written (IDs already checked need no quotes). */
export function quoteList(values: readonly string[], max = MAX_LISTED_VALUES, show = (v: string) => quote(v, 64)): string {
  const shown = values.slice(0, max).map(show);
  return values.length > max ? `${shown.join(', ')}, … and ${values.length - max} more` : shown.join(', ');
}
