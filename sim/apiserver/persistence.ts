import { type FileHandle, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Journal, JournalRecord, StoreCore } from './store-core';

/**
 * Crash-safe storage in a data directory: an append-only log (wal.log) that is fsynced before any
 * write is acknowledged (concurrent writes share one fsync), compacted into snapshot.jsonl once
 * it grows past a threshold and when the cluster stops.
 *
 * snapshot.jsonl: a header line `{"rv":N}` then one `{"k":storageKey,"o":object}` per object.
 * wal.log: one record per line, `{"rv","op":"put"|"del","k","ns","n","o"?}`; records at or below
 * the snapshot's rv are already in it and skipped on replay.
 */

const WAL = 'wal.log';
const SNAPSHOT = 'snapshot.jsonl';

export interface LoadedState {
  rv: number;
  records: number;
}

function line(r: JournalRecord): string {
  const head = `{"rv":${r.rv},"op":"${r.op}","k":${JSON.stringify(r.storageKey)},"ns":${JSON.stringify(r.namespace)},"n":${JSON.stringify(r.name)}`;
  return r.op === 'put' ? `${head},"o":${r.json}}\n` : `${head}}\n`;
}

/** Reads the snapshot and log of a data directory into the store's core. */
export async function loadInto(dir: string, core: StoreCore): Promise<LoadedState> {
  let rv = 0;
  let records = 0;
  let snapshotRv = 0;
  const snapshot = await readFile(join(dir, SNAPSHOT), 'utf8').catch(() => '');
  const lines = snapshot.split('\n').filter((l) => l !== '');
  if (lines.length > 0) {
    snapshotRv = (JSON.parse(lines[0] ?? '{}') as { rv: number }).rv;
    rv = snapshotRv;
    for (const l of lines.slice(1)) {
      const m = /^\{"k":("(?:[^"\\]|\\.)*"),"o":(.*)\}$/.exec(l);
      if (!m)
        throw new Error(
          `${join(dir, SNAPSHOT)} is damaged: a line does not hold an object; restore it from a backup or remove the data directory`,
        );
      const key = JSON.parse(m[1] ?? '""') as string;
      core.restore(key, m[2] ?? '{}');
      records++;
    }
  }
  const wal = await readFile(join(dir, WAL), 'utf8').catch(() => '');
  const walLines = wal.split('\n');
  const STR = '"((?:[^"\\\\]|\\\\.)*)"';
  const header = new RegExp(
    `^\\{"rv":(\\d+),"op":"(put|del)","k":${STR},"ns":${STR},"n":${STR}(?:,"o":(.*))?\\}$`,
  );
  walLines.forEach((l, i) => {
    if (l === '') return;
    const m = header.exec(l);
    const recRv = Number(m?.[1] ?? 0);
    const text = (g: string | undefined): string => JSON.parse(`"${g ?? ''}"`) as string;
    try {
      if (!m || (m[2] === 'put' && m[6] === undefined)) throw new Error('malformed record');
      if (recRv <= snapshotRv) return;
      if (m[2] === 'put') core.restore(text(m[3]), m[6] ?? '');
      else core.restoreDelete(text(m[3]), text(m[4]), text(m[5]));
    } catch {
      // Only the last line can be torn by a crash mid-append; it was never acknowledged.
      if (i >= walLines.length - 2) return;
      throw new Error(
        `${join(dir, WAL)} is damaged at line ${i + 1}; restore it from a backup or remove the data directory`,
      );
    }
    rv = Math.max(rv, recRv);
    records++;
  });
  return { rv, records };
}

export interface FileJournalOptions {
  /** Compact the log into a snapshot once it grows past this many bytes. */
  compactBytes?: number;
}

/** The append-only log with group commit; see the module comment. */
export class FileJournal implements Journal {
  private buffer: string[] = [];
  private appended = 0;
  private durable = 0;
  private walBytes = 0;
  private flushing?: Promise<void>;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private handle: FileHandle,
    private readonly core: () => StoreCore,
    private readonly compactBytes: number,
  ) {}

  static async open(
    dir: string,
    core: () => StoreCore,
    opts: FileJournalOptions = {},
  ): Promise<FileJournal> {
    const handle = await open(join(dir, WAL), 'a');
    const journal = new FileJournal(dir, handle, core, opts.compactBytes ?? 16 * 1024 * 1024);
    journal.walBytes = (await handle.stat()).size;
    return journal;
  }

  append(record: JournalRecord): void {
    if (this.closed) throw new Error('the cluster is stopping: writes are no longer accepted');
    const text = line(record);
    this.buffer.push(text);
    this.walBytes += text.length;
    this.appended++;
  }

  async sync(): Promise<void> {
    const target = this.appended;
    while (this.durable < target) {
      this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
      await this.flushing;
    }
  }

  private async flush(): Promise<void> {
    const upTo = this.appended;
    const text = this.buffer.join('');
    this.buffer = [];
    if (text) {
      await this.handle.write(text);
      await this.handle.datasync();
    }
    this.durable = upTo;
    if (this.walBytes > this.compactBytes) await this.compact();
  }

  /** Writes a snapshot of everything stored and starts an empty log. */
  async compact(): Promise<void> {
    const core = this.core();
    const rv = core.rv;
    // Stored entries never change in place, so collecting them now gives a consistent snapshot.
    const parts: string[] = [`{"rv":${rv}}\n`];
    for (const slot of core.everything())
      parts.push(`{"k":${JSON.stringify(slot.storageKey)},"o":${slot.current.json}}\n`);
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const out = await open(tmp, 'w');
    try {
      for (let i = 0; i < parts.length; i += 1000)
        await out.write(parts.slice(i, i + 1000).join(''));
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, join(this.dir, SNAPSHOT));
    const dirHandle = await open(this.dir, 'r');
    await dirHandle.sync().finally(() => dirHandle.close());
    // Every record in the old log is at or below rv, hence in the snapshot: start the log afresh.
    await this.handle.close();
    this.handle = await open(join(this.dir, WAL), 'w');
    await this.handle.sync();
    this.walBytes = this.buffer.reduce((n, l) => n + l.length, 0);
  }

  /** Flushes what is pending, compacts, and closes the log. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.sync();
    this.closed = true;
    await this.compact();
    await this.handle.close();
  }
}
