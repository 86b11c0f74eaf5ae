// A collaborator in a report's room, as the web client connects (y-partykit's provider through
// tests/helpers/yclient.ts), that notes when generated text becomes visible: for every section, a
// timeline of (time, characters visible), taken as each change is applied to its own document.
// Characters are counted without whitespace, so how the stream's newlines became paragraphs and
// hard breaks does not matter.
import * as Y from 'yjs';
import { META, reportTypes, sectionFragment, sectionPlainText } from '../../core/doc';
import { connect, type Client } from '../../tests/helpers/yclient';
import { now } from '../collab/stats';

/** Characters that are not whitespace. */
export function visibleChars(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) n++;
  }
  return n;
}

export interface Timeline {
  /** Times (ms, `now()` clock) at which the visible count changed, and the counts. */
  t: number[];
  chars: number[];
}

export class RoomWatcher {
  readonly timelines = new Map<string, Timeline>();
  /** When the document's meta.status last changed to something other than "generating", and to what. */
  ended: { t: number; status: string } | null = null;
  /** When anything watched last changed (`now()` clock). */
  lastChange = now();
  private readonly client: Client;
  private readonly unobserve: Array<() => void> = [];

  private constructor(
    client: Client,
    private readonly sectionIds: string[],
  ) {
    this.client = client;
  }

  /** Joins the room with `token` and starts watching once synced. */
  static async open(base: string, reportId: string, token: string, sectionIds: string[]): Promise<RoomWatcher> {
    const client = connect(reportId, token, { base });
    await client.synced();
    const watcher = new RoomWatcher(client, sectionIds);
    watcher.watch();
    return watcher;
  }

  get doc(): Y.Doc {
    return this.client.doc;
  }

  private watch(): void {
    for (const sid of this.sectionIds) {
      const fragment = sectionFragment(this.doc, sid);
      if (!fragment) throw new Error(`section ${sid} has no body in the room`);
      const timeline: Timeline = { t: [], chars: [] };
      this.timelines.set(sid, timeline);
      const record = () => {
        const t = now();
        const chars = visibleChars(sectionPlainText(this.doc, sid));
        if (timeline.chars.at(-1) !== chars) {
          timeline.t.push(t);
          timeline.chars.push(chars);
          this.lastChange = t;
        }
      };
      record();
      fragment.observeDeep(record);
      this.unobserve.push(() => fragment.unobserveDeep(record));
    }
    const meta = reportTypes(this.doc).meta;
    const onMeta = (event: Y.YMapEvent<unknown>) => {
      if (!event.keysChanged.has(META.status)) return;
      const status = String(meta.get(META.status) ?? '');
      this.lastChange = now();
      this.ended = status === 'generating' ? null : { t: this.lastChange, status };
    };
    meta.observe(onMeta);
    this.unobserve.push(() => meta.unobserve(onMeta));
  }

  /**
   * Resolves once every watcher's document says its job ended (status left "generating"); rejects
   * when none of them has seen a change for `stallMs` (a worker that stopped working).
   */
  static async allEnded(watchers: RoomWatcher[], stallMs: number): Promise<void> {
    while (!watchers.every((w) => w.ended)) {
      const last = Math.max(...watchers.map((w) => w.lastChange));
      if (now() - last > stallMs) {
        const waiting = watchers.filter((w) => !w.ended).length;
        throw new Error(`nothing changed in ${stallMs / 1000} s and ${waiting} collaborator(s) still see the job running`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    for (const off of this.unobserve) off();
    this.client.close();
    // The provider leaves its awareness's timer running, which would keep the process alive.
    this.client.awareness.destroy();
  }
}
