/**
 * What the offline mocks know about the deployment they imitate. Everything a generated
 * output or invoke result depends on comes from here, so one context gives one
 * deterministic set of values.
 */
export interface MockContext {
    /** Stack name, e.g. `prod`. */
    stack: string;
    /** Pulumi project name (from Pulumi.yaml). */
    project: string;
    /** Pulumi organization; the CLI's default for a local backend is `organization`. */
    organization: string;
    /** The stack's AWS region (`aws:region`). */
    region: string;
    /** AWS account id used in every ARN and identity. */
    accountId: string;
    /**
     * Outputs of other stacks, keyed by stack name, that StackReferences resolve to.
     * A reference to a stack missing here is an error.
     */
    stackOutputs: Record<string, Record<string, unknown>>;
}

/** Fixed account id of the offline world (the one AWS uses in its documentation). */
export const OFFLINE_ACCOUNT_ID = "123456789012";

/** Builds a context, filling what tests rarely care about. */
export function mockContext(partial: Partial<MockContext> = {}): MockContext {
    return {
        stack: partial.stack ?? "test",
        project: partial.project ?? "project",
        organization: partial.organization ?? "organization",
        region: partial.region ?? "us-east-1",
        accountId: partial.accountId ?? OFFLINE_ACCOUNT_ID,
        stackOutputs: partial.stackOutputs ?? {},
    };
}
