// Streams CSV bytes or text into records with the line each starts on; malformed records become rejections.
import { CsvTokenizer, type CsvItem } from './csv-tokenizer.ts';

export type { CsvItem, CsvRecord } from './csv-tokenizer.ts';

export interface CsvOptions {
  /** Found from the header line when absent: the most frequent of , ; tab | outside quotes. */
  delimiter?: string | undefined;
  /** Called with the bytes read so far. */
  onBytes?: ((bytes: number) => void) | undefined;
}

const candidateDelimiters = [',', ';', '\t', '|'];
/** The header line is looked for in at most this much text before the delimiter is guessed from it. */
const headerSearchLength = 64 * 1024;

export function sniffDelimiter(sample: string): string {
  const firstLine = sample.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = candidateDelimiters.map((delimiter) => unquoted.split(delimiter).length - 1);
  const best = counts.indexOf(Math.max(...counts));
  return counts[best]! > 0 ? candidateDelimiters[best]! : ',';
}

/**
 * The encoding of a file of bytes, from its first two: UTF-16 (little- or big-endian) when it starts with that BOM, as
 * spreadsheets save "Unicode text"; UTF-8 (with or without BOM) otherwise.
 */
export function encodingOf(firstBytes: Uint8Array): 'utf-16le' | 'utf-16be' | 'utf-8' {
  if (firstBytes[0] === 0xff && firstBytes[1] === 0xfe) return 'utf-16le';
  if (firstBytes[0] === 0xfe && firstBytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** Records of `source` (UTF-8 or UTF-16 bytes with BOM, or text; any line ends, quoted fields). */
export async function* readCsvRecords(source: AsyncIterable<Uint8Array | string>, options: CsvOptions = {}): AsyncGenerator<CsvItem> {
  // The decoder drops a leading BOM and keeps a character split between two chunks whole; it is chosen once the first
  // two bytes are in (a chunk may hold one).
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let firstBytes: Uint8Array = new Uint8Array(0);
  let bytes = 0;
  let tokenizer: CsvTokenizer | undefined;
  let head = '';
  const out: CsvItem[] = [];

  for await (const chunk of source) {
    let text: string;
    if (typeof chunk === 'string') {
      bytes += Buffer.byteLength(chunk);
      text = chunk;
    } else {
      bytes += chunk.byteLength;
      if (decoder === undefined) {
        firstBytes = concatBytes(firstBytes, chunk);
        if (firstBytes.byteLength < 2) continue;
        decoder = new TextDecoder(encodingOf(firstBytes));
        text = decoder.decode(firstBytes, { stream: true });
      } else text = decoder.decode(chunk, { stream: true });
    }
    options.onBytes?.(bytes);
    if (tokenizer === undefined) {
      // The delimiter is guessed from the whole header line, however the stream is cut.
      head += text;
      if (!/[\r\n]/.test(head) && head.length < headerSearchLength) continue;
      text = head.replace(/^\uFEFF/, '');
      head = '';
      tokenizer = new CsvTokenizer(options.delimiter ?? sniffDelimiter(text));
    }
    tokenizer.push(text, out);
    yield* out;
    out.length = 0;
  }
  const rest = (decoder ?? new TextDecoder('utf-8')).decode(decoder === undefined ? firstBytes : undefined) + head;
  if (tokenizer === undefined) {
    const text = rest.replace(/^\uFEFF/, '');
    if (text === '') return;
    tokenizer = new CsvTokenizer(options.delimiter ?? sniffDelimiter(text));
    tokenizer.push(text, out);
  } else if (rest !== '') tokenizer.push(rest, out);
  tokenizer.end(out);
  yield* out;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.byteLength + b.byteLength);
  joined.set(a);
  joined.set(b, a.byteLength);
  return joined;
}
