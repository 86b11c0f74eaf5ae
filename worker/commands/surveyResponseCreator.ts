// Stores a signed-in user's answers to the satisfaction survey.
import type { Db } from '../../db/client';
import { surveyResponses } from '../../db/schema';

export interface SurveyResponseCreatorProps {
  userId: string;
  /** A report the user can read, or null for the product as a whole. */
  reportId: string | null;
  /** 1..5. */
  satisfaction: number;
  wouldRecommend: boolean;
  processEasy: boolean;
  metExpectations: boolean;
  mostValuableFeature: string;
  feedback: string;
}

/** Inserts the response. */
export default async function surveyResponseCreator(db: Db, props: SurveyResponseCreatorProps) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(surveyResponses)
      .values(props)
      .returning({ id: surveyResponses.id, createdAt: surveyResponses.createdAt });
    return row!;
  });
}
