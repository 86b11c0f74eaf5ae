// The side panels of the report page, in tab order. Each is a component in this folder.
import './panels.css';
import { AiEditPanel } from './AiEditPanel';
import { ExportPanel } from './ExportPanel';
import { GenerationPanel } from './GenerationPanel';
import { HistoryPanel } from './HistoryPanel';
import { ReferencesPanel } from './ReferencesPanel';
import { SharePanel } from './SharePanel';
import type { ReportPanel } from './types';

export const reportPanels: ReportPanel[] = [
  { id: 'generation', label: 'Generate', component: GenerationPanel },
  { id: 'references', label: 'References', component: ReferencesPanel },
  { id: 'ai-edit', label: 'AI edit', component: AiEditPanel, roles: ['owner', 'editor'] },
  { id: 'share', label: 'Share', component: SharePanel, roles: ['owner'] },
  { id: 'history', label: 'History', component: HistoryPanel },
  { id: 'export', label: 'Export', component: ExportPanel },
];
