// Which model serves which task, read from the worker's env: any OpenAI-compatible server works.
import type { Bindings } from '../../env';

export const llmTasks = ['outline', 'section', 'edit'] as const;
export type LlmTask = (typeof llmTasks)[number];

/** The model name the offline demo model reports, so nobody mistakes its text for a real model's. */
export const DEMO_MODEL = 'seydam-demo (offline)';
export const DEFAULT_MODEL = 'gpt-4o-mini';
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

export interface LlmConfig {
  task: LlmTask;
  /** Null: no key configured, the offline demo model answers. */
  apiKey: string | null;
  baseURL: string | undefined;
  model: string;
  demo: boolean;
  idleTimeoutMs: number;
}

type LlmEnv = Pick<
  Bindings,
  'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'OPENAI_MODEL_OUTLINE' | 'OPENAI_MODEL_SECTION' | 'OPENAI_MODEL_EDIT' | 'LLM_IDLE_TIMEOUT_MS'
>;

const taskModel: Record<LlmTask, keyof LlmEnv> = {
  outline: 'OPENAI_MODEL_OUTLINE',
  section: 'OPENAI_MODEL_SECTION',
  edit: 'OPENAI_MODEL_EDIT',
};

/** The client settings for `task`: the per-task model override, else OPENAI_MODEL; the demo model without a key. */
export function llmConfig(env: LlmEnv, task: LlmTask): LlmConfig {
  const idle = Number(env.LLM_IDLE_TIMEOUT_MS);
  const idleTimeoutMs = Number.isFinite(idle) && idle > 0 ? idle : DEFAULT_IDLE_TIMEOUT_MS;
  const apiKey = env.OPENAI_API_KEY?.trim() || null;
  if (!apiKey) return { task, apiKey: null, baseURL: undefined, model: DEMO_MODEL, demo: true, idleTimeoutMs };
  const model = env[taskModel[task]]?.trim() || env.OPENAI_MODEL?.trim() || DEFAULT_MODEL;
  return { task, apiKey, baseURL: env.OPENAI_BASE_URL?.trim() || undefined, model, demo: false, idleTimeoutMs };
}
