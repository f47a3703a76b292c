/**
 * The routine's saved Logs Insights queries live with the pack's facts
 * (policy/lib/facts/savedQueries.ts), which requires them; the program saves them from there.
 */
export { queryFolder, SAVED_QUERIES } from "../../../policy/lib/facts/savedQueries";
export type { QueryReads, SavedQuery } from "../../../policy/lib/facts/savedQueries";
