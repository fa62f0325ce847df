// Which links the widget will render: http(s) only, relative ones resolved against the qloop
// server. Parsing with URL first defeats "java\nscript:" tricks (the parser strips the
// newline, and the resulting javascript: protocol is then refused).
export function safeHref(raw: string, base: string): string | undefined {
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return url.href;
}

/** Sources that are records in a system rather than documents, e.g. "LIMS:R-700583". */
const RECORD_SOURCE = /^[A-Z][A-Z0-9_-]*:/;

/** Where a citation opens: the SOP at the cited page, served by qloop's /docs route. */
export function citationHref(citation: { docId: string; page?: number; url?: string }, base: string): string | undefined {
  if (citation.url) {
    const given = safeHref(citation.url, base);
    if (given) return given;
  }
  if (RECORD_SOURCE.test(citation.docId)) return undefined;
  const page = citation.page !== undefined && Number.isInteger(citation.page) && citation.page > 0 ? `?page=${citation.page}` : '';
  return safeHref(`/docs/${encodeURIComponent(citation.docId)}${page}`, base);
}
