/**
 * Cost-allocation and ownership tags. They are set on every taggable resource itself (not
 * through provider default tags) so that policies, AWS Config rules and the offline preview
 * all see them, and Cost Explorer can split the bill per environment and component.
 */
export interface TagContext {
    /** Project tag value. @default "expertconnect" */
    project: string;
    /** Environment tag value, e.g. "prod" or "dr". */
    environment: string;
}

export type Tags = Record<string, string>;

/** Tags for one resource: project, environment and the component that owns it. */
export function resourceTags(ctx: TagContext, component: string, extra: Tags = {}): Tags {
    return { Project: ctx.project, Environment: ctx.environment, Component: component, ...extra };
}
