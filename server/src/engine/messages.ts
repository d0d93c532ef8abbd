/** Message templates: `{{name}}` is replaced with `data.name`; numbers are grouped (1,906). */
export function formatMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => {
    const v = data[key];
    if (v === undefined) return whole;
    return typeof v === 'number' ? v.toLocaleString('en-US') : v;
  });
}
