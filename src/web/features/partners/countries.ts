import * as shared from '../../../shared/countries';

/** Names follow the browser's language; the code list is the shared one the server validates. */
const locale = typeof navigator === 'undefined' ? 'en' : navigator.language;

const names = new Map<string, string>();

/** "DE" → "Germany"; unknown codes are shown as they are. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  let name = names.get(code);
  if (name === undefined) {
    name = shared.countryName(code, locale);
    names.set(code, name);
  }
  return name;
}

let options: { value: string; label: string }[] | null = null;

/** Every country as a select option, sorted by name. */
export function countryOptions() {
  options ??= shared.countryOptions(locale);
  return options;
}
