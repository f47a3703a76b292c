/**
 * The shape the estimator prices. Both a deployment export (`npm run cost`) and the policy
 * pack's stack resources (`cost-monthly-budget`) are mapped onto it, so both give the same number.
 */
export interface CostResource {
    urn: string;
    /** Type token, e.g. `aws:rds/instance:Instance`. */
    type: string;
    /** Logical name. */
    name: string;
    /** The resource's properties as plain data (inputs, or what is known of them in a preview). */
    props: Record<string, any>;
    /** Region the resource lives in. */
    region: string;
    /** Cost-allocation label: the resource's `Component` tag, or the nearest tagged ancestor's. */
    component: string;
    /** URNs each property refers to (links an ECS service to its task definition in a preview). */
    propertyDependencies: Record<string, string[]>;
}

/** A priced resource. */
export interface CostLine {
    urn: string;
    type: string;
    name: string;
    component: string;
    region: string;
    monthlyUsd: number;
    /** How the figure was computed, e.g. "2 tasks × (1 vCPU × $0.04048 + 2 GB × $0.004445) × 730 h". */
    basis: string;
}

/** A resource the estimate could not price from its own settings. */
export interface UnpricedResource {
    urn: string;
    type: string;
    component: string;
    /** Why: usage-based charges, or a size/region the price table does not have. */
    reason: string;
}

export interface StackEstimate {
    lines: CostLine[];
    /** Monthly USD per component, sorted by component name. */
    byComponent: Record<string, number>;
    /** Monthly USD of the fixed charges the estimate can see. */
    totalUsd: number;
    /** Resources that cost money with use (requests, GB, events): listed so readers know the estimate's floor. */
    usageBased: UnpricedResource[];
    /** Resources with a fixed charge the table lacks (unknown instance class, unpriced region): fix the table. */
    unpriced: UnpricedResource[];
}
