// Redoc's "API docs by Redocly" badge loads its logo from Redocly's CDN, the page's only outside request.
// The badge and its link stay; the logo becomes an inline image, so the page needs no other host.
const logo = (label: string): string =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${label.length * 7 + 4}" height="14"><text x="2" y="11" font-family="sans-serif" font-size="11" fill="#0044D4">${label}</text></svg>`,
  )}`;

const replacements: Record<string, string> = {
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg': logo('Redocly'),
  'https://cdn.redoc.ly/redoc/logo-mini.svg': logo('R'),
};

/** The page with the CDN logo references replaced; throws if Redoc changed and they are no longer there. */
export function inlineBadgeLogo(html: string): string {
  let result = html;
  for (const [url, replacement] of Object.entries(replacements)) {
    if (!result.includes(url)) throw new Error(`Redoc page has no ${url}: check what the badge loads now`);
    result = result.replaceAll(url, replacement);
  }
  return result;
}
