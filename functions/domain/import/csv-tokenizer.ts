// CSV text to records, fed chunk by chunk: RFC 4180 quoting, any mix of LF, CRLF and CR line ends, and the
// exact line each record starts on. Malformed records become rejections and the reading goes on.
import type { RowRejection } from './import-job.ts';

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  cells: string[];
}

export type CsvItem = { record: CsvRecord } | { rejection: RowRejection };

const quote = 34;
const lineFeed = 10;
const carriageReturn = 13;

/** Longest record kept, in characters: a longer one (a runaway quote, binary data) is rejected, not held. */
export const maxRecordLength = 1_000_000;

export class CsvTokenizer {
  readonly #delimiter: number;
  #cells: string[] = [];
  #cell = '';
  /** The current cell opened with a quote; `#inQuotes` says whether that quote is still open. */
  #cellQuoted = false;
  #inQuotes = false;
  /** A quote was seen inside a quoted cell at the end of a chunk: the next character says if it was doubled. */
  #quoteAtChunkEnd = false;
  /** Text after the closing quote of a cell: the raw cell is kept for the row mapper to judge. */
  #afterClosingQuote = false;
  /** A chunk ended on CR: an LF starting the next chunk belongs to the same line end. */
  #skipLineFeed = false;
  /** A quoted cell's content ended on CR: an LF starting the next piece is the same line break. */
  #quotedEndsOnCr = false;
  #line = 1;
  #recordLine = 1;
  #breaksInRecord = 0;
  #recordLength = 0;
  #oversized = false;

  constructor(delimiter: string) {
    if (delimiter.length !== 1) throw new Error(`a CSV delimiter is one character, not ${JSON.stringify(delimiter)}`);
    this.#delimiter = delimiter.charCodeAt(0);
  }

  /** Feeds the next piece of text; complete records and rejections are pushed onto `out`. */
  push(text: string, out: CsvItem[]): void {
    const end = text.length;
    let i = 0;
    if (this.#skipLineFeed) {
      this.#skipLineFeed = false;
      if (text.charCodeAt(0) === lineFeed) i = 1;
    }
    while (i < end) {
      if (this.#inQuotes) {
        if (this.#quoteAtChunkEnd) {
          this.#quoteAtChunkEnd = false;
          if (text.charCodeAt(i) === quote) {
            this.#append('"');
            i += 1;
          } else this.#inQuotes = false;
          continue;
        }
        const closing = text.indexOf('"', i);
        const stop = closing === -1 ? end : closing;
        this.#appendQuoted(text, i, stop);
        if (closing === -1) return;
        if (closing + 1 === end) {
          this.#quoteAtChunkEnd = true;
          return;
        }
        if (text.charCodeAt(closing + 1) === quote) {
          this.#append('"');
          i = closing + 2;
        } else {
          this.#inQuotes = false;
          i = closing + 1;
        }
        continue;
      }
      const code = text.charCodeAt(i);
      if (code === this.#delimiter) {
        this.#endCell();
        i += 1;
      } else if (code === lineFeed || code === carriageReturn) {
        this.#endRecord(out);
        i += 1;
        if (code === carriageReturn) {
          if (i === end) this.#skipLineFeed = true;
          else if (text.charCodeAt(i) === lineFeed) i += 1;
        }
      } else if (code === quote && this.#cell === '' && !this.#cellQuoted) {
        this.#cellQuoted = true;
        this.#inQuotes = true;
        i += 1;
      } else {
        let stop = i + 1;
        while (stop < end) {
          const next = text.charCodeAt(stop);
          if (next === this.#delimiter || next === lineFeed || next === carriageReturn) break;
          stop += 1;
        }
        if (this.#cellQuoted && !this.#afterClosingQuote) {
          this.#afterClosingQuote = true;
          this.#cell = `"${this.#cell.replaceAll('"', '""')}"`;
        }
        this.#append(text.slice(i, stop));
        i = stop;
      }
    }
  }

  /** The end of the text: the last record, or the rejection of a quote never closed. */
  end(out: CsvItem[]): void {
    if (this.#quoteAtChunkEnd) {
      this.#quoteAtChunkEnd = false;
      this.#inQuotes = false;
    }
    if (this.#inQuotes) {
      const lines = this.#breaksInRecord > 0 ? ` (it runs to the end of the file, ${this.#breaksInRecord} lines further)` : '';
      out.push({ rejection: { line: this.#recordLine, column: undefined, reason: `malformed CSV: a quote opened in this row is never closed${lines}`, value: undefined } });
      this.#resetRecord();
      return;
    }
    if (this.#cells.length > 0 || this.#cell !== '' || this.#cellQuoted) this.#endRecord(out);
  }

  #append(piece: string): void {
    this.#recordLength += piece.length;
    if (this.#recordLength > maxRecordLength) {
      this.#oversized = true;
      this.#cells = [];
      this.#cell = '';
      return;
    }
    this.#cell += piece;
  }

  /** Quoted text may hold line breaks: they move the line count but end no record. */
  #appendQuoted(text: string, from: number, to: number): void {
    if (from === to) return;
    let breaks = 0;
    for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) breaks += 1;
    for (let at = text.indexOf('\r', from); at !== -1 && at < to; at = text.indexOf('\r', at + 1)) {
      if (at + 1 >= to || text.charCodeAt(at + 1) !== lineFeed) breaks += 1;
    }
    // A CRLF split between two pieces was counted twice: once for the CR, once for the LF.
    if (this.#quotedEndsOnCr && text.charCodeAt(from) === lineFeed) breaks -= 1;
    // Only a piece cut by the end of a chunk can have its CRLF split.
    this.#quotedEndsOnCr = to === text.length && text.charCodeAt(to - 1) === carriageReturn;
    this.#breaksInRecord += breaks;
    this.#append(text.slice(from, to));
  }

  #endCell(): void {
    if (!this.#oversized) this.#cells.push(this.#cell);
    this.#cell = '';
    this.#cellQuoted = false;
    this.#afterClosingQuote = false;
    this.#quotedEndsOnCr = false;
  }

  #endRecord(out: CsvItem[]): void {
    const blank = this.#cells.length === 0 && this.#cell === '' && !this.#cellQuoted;
    this.#endCell();
    if (this.#oversized) {
      out.push({ rejection: { line: this.#recordLine, column: undefined, reason: `malformed CSV: the row is longer than ${maxRecordLength.toLocaleString('en')} characters`, value: undefined } });
    } else if (!blank) {
      out.push({ record: { line: this.#recordLine, cells: this.#cells } });
    }
    this.#line = this.#recordLine + this.#breaksInRecord + 1;
    this.#resetRecord();
  }

  #resetRecord(): void {
    this.#cells = [];
    this.#cell = '';
    this.#cellQuoted = false;
    this.#afterClosingQuote = false;
    this.#recordLine = this.#line;
    this.#breaksInRecord = 0;
    this.#recordLength = 0;
    this.#oversized = false;
    this.#quotedEndsOnCr = false;
  }
}
