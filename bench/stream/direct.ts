// The peer without the LLM, the queue or the database: the same text POSTed straight to the rooms'
// /internal/ops as appendText batches, one after another per room (as the consumer's RoomTextStream
// sends them), with collaborators watching. It shows what the room path alone sustains.
import { roomName } from '../../core/room/token';
import { http, keepAliveAgent } from './http';
import { now } from '../collab/stats';
import { CHARS_PER_TOKEN } from './model';
import type { SentAnswer } from './model';

export interface DirectWrite {
  /** One "answer" per section; a token's send time is when the batch holding it was posted. */
  answers: SentAnswer[];
  /** Round-trip times of the POSTs, ms. */
  postMs: number[];
}

/** Appends each section's text to the room in `batchTokens`-token posts, sequentially; answers when and how long. */
export async function writeDirect(
  partyUrl: string,
  internalSecret: string,
  reportId: string,
  sections: Array<{ id: string; title: string; text: string }>,
  batchTokens: number,
): Promise<DirectWrite> {
  const url = `${partyUrl}/parties/main/${roomName(reportId)}/internal/ops`;
  // One keep-alive connection per room, as workerd's fetch from the worker keeps one.
  const agent = keepAliveAgent();
  const post = async (ops: unknown[]) => {
    const res = await http(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${internalSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ops }),
      agent,
    });
    if (res.status !== 200) throw new Error(`ops answered ${res.status}: ${res.body}`);
  };
  const out: DirectWrite = { answers: [], postMs: [] };
  const batchChars = batchTokens * CHARS_PER_TOKEN;
  for (const section of sections) {
    await post([{ type: 'setSectionParagraphs', sectionId: section.id, paragraphs: [] }]);
    const times: number[] = [];
    const start = now();
    for (let i = 0; i < section.text.length; i += batchChars) {
      const piece = section.text.slice(i, i + batchChars);
      const t = now();
      for (let k = 0; k < Math.ceil(piece.length / CHARS_PER_TOKEN); k++) times.push(t);
      await post([{ type: 'appendText', sectionId: section.id, text: piece }]);
      out.postMs.push(now() - t);
    }
    out.answers.push({ title: section.title, text: section.text, start, end: times.at(-1) ?? start, sentAt: times });
  }
  agent.destroy();
  return out;
}
