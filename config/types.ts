import type { ProjectConfig } from "./schema";

/** The validated stack configuration `index.ts` hands to the components. */
export interface StackConfig extends ProjectConfig {
    /** Project name used in physical names and tags: "expertconnect". */
    project: string;
    /** Pulumi stack name. */
    stack: string;
    /** The stack's AWS region (`aws:region`). */
    region: string;
}
