// What every part of the report page shares: the room, the document's models, the editors.
import { createContext, useContext, type Accessor } from 'solid-js';
import type { ReportMeta } from '../../../../core/doc';
import type { ReportRole } from '../../../../core/api/reports';
import type { EditorRegistry } from './editor/registry';
import type { CitationFormatter } from './model/citations';
import type { FragmentLookup } from './model/fragments';
import type { OutlineModel } from './model/outline';
import type { Room } from './room/createRoom';

export interface ReportPage {
  reportId: string;
  room: Room;
  role: Accessor<ReportRole>;
  /** Owners and editors, while the room lets them in. */
  canEdit: Accessor<boolean>;
  outline: OutlineModel;
  meta: ReportMeta;
  fragments: FragmentLookup;
  editors: EditorRegistry;
  citations: CitationFormatter;
  /** Scrolls to a section and puts the caret in it. */
  revealSection(sectionId: string): void;
}

const ReportPageContext = createContext<ReportPage>();

export const ReportPageProvider = ReportPageContext.Provider;

/** The report page's shared state; only inside the page. */
export function useReportPage(): ReportPage {
  const page = useContext(ReportPageContext);
  if (!page) throw new Error('useReportPage outside the report page');
  return page;
}
