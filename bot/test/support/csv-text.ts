/** RFC 4180 records of a whole CSV text (quoted fields may hold commas, quotes and line breaks), for checking output. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  const field = /("(?:[^"]|"")*"|[^",\r\n]*)(,|\r\n|$)/y;
  while (field.lastIndex < text.length) {
    const match = field.exec(text);
    if (!match) throw new Error(`bad CSV at ${field.lastIndex}`);
    const raw = match[1]!;
    fields.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (match[2] !== ',') {
      records.push(fields);
      fields = [];
    }
  }
  return records;
}
