/** Fills a text's `{name}` placeholders with the values given; a placeholder without a value stays as it is. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
