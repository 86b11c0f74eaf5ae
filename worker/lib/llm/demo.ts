// The offline demo model: a `fetch` for the SDK that answers in the chat-completions wire format
// (SSE chunks, usage in the last one) with deterministic text built from the prompt. Everything
// after the HTTP call (SDK, stream reader, usage, parsing) runs exactly as with a real provider.
import { DEMO_MODEL } from './config';

interface DemoRequest {
  messages?: Array<{ role?: string; content?: unknown }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type?: string };
}

/** Rough token count (4 characters a token), what the demo reports as usage. */
const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/** A fetch that never leaves the process and answers as the demo model. */
export const demoFetch: typeof fetch = async (_input, init) => {
  const request = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as DemoRequest;
  const messages = request.messages ?? [];
  const promptText = messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const prompt = typeof lastUser?.content === 'string' ? lastUser.content : '';
  const text = request.response_format?.type === 'json_object' ? demoOutline(prompt) : demoText(prompt);
  const usage = { prompt_tokens: tokens(promptText), completion_tokens: tokens(text), total_tokens: tokens(promptText) + tokens(text) };
  const id = 'chatcmpl-demo';
  const created = Math.floor(Date.now() / 1000);

  if (!request.stream) {
    const body = {
      id,
      object: 'chat.completion',
      created,
      model: DEMO_MODEL,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage,
    };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  }

  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: DEMO_MODEL, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
  const parts = [chunk({ role: 'assistant', content: '' }, null)];
  for (const piece of text.match(/\S+\s*|\s+/g) ?? []) parts.push(chunk({ content: piece }, null));
  parts.push(chunk({}, 'stop'));
  if (request.stream_options?.include_usage) {
    parts.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: DEMO_MODEL, choices: [], usage })}\n\n`);
  }
  parts.push('data: [DONE]\n\n');
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
};

/** The topic line of an outline prompt ("Topic: ..."), else the prompt's first line. */
function topicOf(prompt: string): string {
  const line = /^Topic:\s*(.+)$/m.exec(prompt)?.[1] ?? prompt.split('\n')[0] ?? '';
  return line.trim().slice(0, 120) || 'the topic';
}

function demoOutline(prompt: string): string {
  const topic = topicOf(prompt);
  const note = (what: string) => `[demo] ${what} ${topic}`;
  return JSON.stringify({
    chapters: [
      { title: 'Introduction', sections: [{ title: `Why ${topic} matters`, notes: [note('motivation for')] }, { title: 'Scope and method', notes: [note('what this report covers of')] }] },
      { title: `Background of ${topic}`, sections: [{ title: 'History', notes: [note('origins of')] }, { title: 'Key concepts', notes: [note('terms used in')] }] },
      { title: 'Analysis', sections: [{ title: 'Current state', notes: [note('evidence about')] }, { title: 'Open questions', notes: [note('debates around')] }] },
      { title: 'Conclusion', sections: [{ title: 'Summary and outlook', notes: [note('what follows for')] }] },
    ],
  });
}

function demoText(prompt: string): string {
  const subject = topicOf(prompt);
  const section = /^Write section (\S+) "([^"]*)"/m.exec(prompt);
  if (section) return demoSection(subject, section[2] ?? '', /^\[1\] /m.test(prompt));
  return (
    `This paragraph was written by the offline demo model (no OPENAI_API_KEY is configured), not by a real language model. ` +
    `It stands in for text about ${subject}, so the whole pipeline can be tried without a provider. ` +
    `Configure OPENAI_API_KEY (and optionally OPENAI_BASE_URL and OPENAI_MODEL) to get real writing.`
  );
}

/** A section of the demo model: two labelled paragraphs, citing source [1] when the prompt lists sources. */
function demoSection(topic: string, title: string, hasSources: boolean): string {
  const cite = hasSources ? ' [1]' : '';
  return (
    `[Demo model] This section, "${title}", was written by the offline demo model (no OPENAI_API_KEY is configured), not by a real language model. ` +
    `It stands in for a discussion of ${topic}${cite}.\n\n` +
    `A real model would write several paragraphs here, citing only the report's sources. ` +
    `Configure OPENAI_API_KEY (and optionally OPENAI_BASE_URL and OPENAI_MODEL) to get real writing.`
  );
}
