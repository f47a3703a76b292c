/** The environments (one per stack): the program's `expertconnect:environment`, the pack's `environment` property. */
export const ENVIRONMENTS = ["prod", "dr"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
