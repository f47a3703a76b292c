/**
 * Mock harness for component tests: runs Pulumi resources in-process against the same
 * recording monitor, outputs generator and invoke table as the offline engine
 * (tools/engine/mocks), so a test sees what `npm run preview` would.
 *
 * ```ts
 * import { installMocks, settle, valueOf, MockHarness } from "../support/pulumi";
 * let mocks: MockHarness;
 * before(async () => {
 *     mocks = installMocks({ stack: "prod", region: "us-east-1" });
 *     new MyComponent("app", args);
 *     await settle();
 * });
 * it("encrypts the bucket", () => {
 *     const sse = mocks.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
 *     expect(sse.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).to.equal("aws:kms");
 * });
 * ```
 */
import * as pulumi from "@pulumi/pulumi";
import { mockContext } from "../../tools/engine/mocks/context";
import { currentMonitor, installRecordingMonitor, settleMonitor } from "../../tools/engine/mocks/install";
import { EngineResource } from "../../tools/engine/model";
import { isSecret, unwrapSecrets } from "../../tools/engine/wire";

/**
 * One registered resource: its inputs as the provider would receive them, and its options
 * (`protect`, `retainOnDelete`, `ignoreChanges`, `deleteBeforeReplace`, `customTimeouts`…).
 * `parent` is undefined for top-level resources; `provider` is `urn::id` (explicit or default).
 */
export interface RecordedResource extends Omit<EngineResource, "inputs" | "outputs"> {
    /** Inputs with secrets unwrapped (see `secretInputs`). */
    inputs: Record<string, any>;
    /** Top-level input names whose value was a secret. */
    secretInputs: string[];
    /** Outputs the mock returned (components: what they passed to registerOutputs). */
    outputs: Record<string, any>;
}

export interface MockHarness {
    /** Every resource registered since installMocks, in order (default providers included). */
    readonly resources: RecordedResource[];
    /** Resources of a type token, e.g. `aws:rds/instance:Instance`. */
    ofType(type: string): RecordedResource[];
    /** The only resource of a type (and logical name); throws, listing candidates, unless exactly one. */
    one(type: string, name?: string): RecordedResource;
    /** Children whose parent is the given URN. */
    childrenOf(urn: string): RecordedResource[];
}

export interface MockOptions {
    /** @default "test" */
    stack?: string;
    /** `aws:region` of the stack. @default "us-east-1" */
    region?: string;
    /** @default "project" */
    project?: string;
    /** Outputs that StackReferences resolve to, keyed by stack name: `{ prod: { vpcId: "vpc-1" } }`. */
    stackReferenceOutputs?: Record<string, Record<string, unknown>>;
    /** Extra config (`namespace:key` → string), as `pulumi config` would give it. */
    config?: Record<string, string>;
}

function toRecorded(r: EngineResource): RecordedResource {
    return {
        ...r,
        inputs: unwrapSecrets(r.inputs) as Record<string, any>,
        secretInputs: Object.keys(r.inputs).filter((k) => isSecret(r.inputs[k])),
        outputs: unwrapSecrets(r.outputs) as Record<string, any>,
    };
}

/**
 * Installs recording mocks for a stack/region; call in mocha `before`. Each call starts a
 * fresh record, so several test files can use it in one mocha process.
 */
export function installMocks(opts: MockOptions = {}): MockHarness {
    const ctx = mockContext({
        stack: opts.stack, project: opts.project, region: opts.region, stackOutputs: opts.stackReferenceOutputs,
    });
    const monitor = installRecordingMonitor(ctx, { "aws:region": ctx.region, ...opts.config });
    const all = () => monitor.records.map(toRecorded);
    const harness: MockHarness = {
        get resources() {
            return all();
        },
        ofType: (type) => all().filter((r) => r.type === type),
        childrenOf: (urn) => all().filter((r) => r.parent === urn),
        one(type, name) {
            const candidates = harness.ofType(type);
            const matches = name === undefined ? candidates : candidates.filter((r) => r.name === name);
            if (matches.length !== 1) {
                const listed = candidates.map((r) => r.name).join(", ") || "none";
                throw new Error(`expected exactly one ${type}${name ? ` named "${name}"` : ""}, ` +
                    `found ${matches.length} (registered ${type}: ${listed})`);
            }
            return matches[0];
        },
    };
    return harness;
}

/**
 * Resolves when every registration started so far (including ones made in apply callbacks)
 * has completed. Rejects if a URN was registered twice or an unknown invoke was called.
 */
export async function settle(): Promise<void> {
    const monitor = currentMonitor();
    await settleMonitor(monitor);
    if (monitor.errors.length > 0) {
        throw new Error(monitor.errors.join("\n"));
    }
}

/** Awaits an Output's (or plain input's) value. Use instead of asserting inside `apply`. */
export function valueOf<T>(o: pulumi.Input<T>): Promise<T> {
    return new Promise<T>((resolve) => {
        pulumi.output(o).apply((v) => {
            resolve(v as T);
            return v;
        });
    });
}
