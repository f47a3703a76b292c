import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { allConfig } from "@pulumi/pulumi/runtime/config";
import { EngineResource, makeUrn } from "../model";
import { MockContext } from "./context";
import { invokeResult } from "./invokes";
import { referencedStack, resourceOutputs, STACK_REFERENCE_TYPE } from "./outputs";

/** Fetches another stack's outputs on demand (the engine runs that stack offline). */
export type StackResolver = (stack: string) => Promise<Record<string, unknown>>;

type Callback = (err: any, response: any) => void;
type Struct = { toJavaScript(): Record<string, unknown> } | undefined;

function structToJs(s: Struct): Record<string, unknown> {
    return s ? s.toJavaScript() : {};
}

function timeouts(req: any): EngineResource["customTimeouts"] {
    const t = req.hasCustomtimeouts?.() ? req.getCustomtimeouts() : undefined;
    if (!t || (!t.getCreate() && !t.getUpdate() && !t.getDelete())) {
        return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, v] of [["create", t.getCreate()], ["update", t.getUpdate()], ["delete", t.getDelete()]]) {
        if (v) {
            out[k] = v;
        }
    }
    return out;
}

/**
 * @pulumi/pulumi's MockMonitor, extended to record every registration with its options
 * (which `setMocks`' callbacks never see), to fail on duplicate URNs and unknown invokes, to
 * add default providers like the engine does, and to count registrations still in flight.
 */
export class RecordingMonitor extends MockMonitor {
    /** Every resource, in registration order (default providers before their first user). */
    readonly records: EngineResource[] = [];
    /** Problems that make the run invalid even if the program swallowed them. */
    readonly errors: string[] = [];
    /** Called with each new record as soon as its inputs are known (before outputs). */
    onRecord?: (record: EngineResource) => void;
    /** Registrations and reads started but not answered yet. */
    pending = 0;
    private readonly byUrn = new Map<string, EngineResource>();

    constructor(readonly ctx: MockContext, resolveStack?: StackResolver) {
        super({
            newResource: async (args) => {
                const stack = referencedStack(String(args.inputs.name ?? args.name));
                if (args.type === STACK_REFERENCE_TYPE && resolveStack && !ctx.stackOutputs[stack]) {
                    ctx.stackOutputs[stack] = await resolveStack(stack);
                }
                return resourceOutputs(
                    { type: args.type, name: args.name, inputs: args.inputs, custom: args.custom ?? true, id: args.id }, ctx);
            },
            call: (args) => {
                try {
                    return invokeResult(args.token, args.inputs, ctx);
                } catch (err) {
                    this.errors.push((err as Error).message);
                    throw err;
                }
            },
        });
        // MockMonitor nests children of the root stack under its type; the engine does not.
        (this as any).newUrn = (parent: string, type: string, name: string) =>
            makeUrn(ctx.stack, ctx.project, parent, type, name);
    }

    /** The record for a URN, if registered. */
    get(urn: string): EngineResource | undefined {
        return this.byUrn.get(urn);
    }

    async registerResource(req: any, callback: Callback): Promise<void> {
        const record = this.recordOf(req, false);
        await this.track(record, (cb) => super.registerResource(req, cb), callback);
    }

    async readResource(req: any, callback: Callback): Promise<void> {
        const record = this.recordOf(req, true);
        await this.track(record, (cb) => super.readResource(req, cb), callback);
    }

    registerResourceOutputs(req: any, callback: Callback): void {
        const record = this.byUrn.get(req.getUrn());
        if (record) {
            record.outputs = structToJs(req.getOutputs());
        }
        super.registerResourceOutputs(req, callback);
    }

    private async track(record: EngineResource | undefined, run: (cb: Callback) => Promise<void>, callback: Callback) {
        this.pending++;
        await run((err, response) => {
            this.pending--;
            if (!err && record) {
                const state = this.resources.get(record.urn);
                record.id = state?.id ?? undefined;
                record.outputs = (state?.state as Record<string, unknown>) ?? {};
            } else if (err) {
                this.errors.push(`${record?.urn ?? "registration"}: ${(err as Error).message ?? err}`);
            }
            callback(err, response);
        });
    }

    /** Records the request; a duplicate URN is reported and not recorded twice. */
    private recordOf(req: any, read: boolean): EngineResource | undefined {
        const type: string = req.getType();
        const urn = makeUrn(this.ctx.stack, this.ctx.project, req.getParent(), type, req.getName());
        if (this.byUrn.has(urn)) {
            this.errors.push(`duplicate URN ${urn}: two resources of type ${type} share the name "${req.getName()}"`);
            return undefined;
        }
        const custom = read || req.getCustom();
        const propertyDependencies: Record<string, string[]> = {};
        if (!read) {
            req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
                propertyDependencies[key] = deps.getUrnsList();
            });
        }
        const record: EngineResource = {
            urn,
            type,
            name: req.getName(),
            custom,
            parent: req.getParent() || undefined,
            provider: req.getProvider() || (custom ? this.defaultProvider(type, req.getVersion()) : undefined),
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            protect: !read && req.getProtect() === true,
            retainOnDelete: !read && req.getRetainondelete() === true,
            ignoreChanges: read ? [] : req.getIgnorechangesList(),
            deleteBeforeReplace: !read && req.getDeletebeforereplace(),
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            replaceOnChanges: read ? [] : req.getReplaceonchangesList(),
            aliases: read ? [] : this.aliasUrns(req, type),
            customTimeouts: read ? undefined : timeouts(req),
            deletedWith: (read ? "" : req.getDeletedwith()) || undefined,
            external: read,
            inputs: structToJs(read ? req.getProperties() : req.getObject()),
            outputs: {},
        };
        this.add(record);
        return record;
    }

    private add(record: EngineResource): void {
        this.byUrn.set(record.urn, record);
        this.records.push(record);
        this.onRecord?.(record);
    }

    /**
     * The engine's default provider for a package (`pulumi:providers:aws::default_7_48_0`),
     * registered on first use with the package's stack config as inputs, as the CLI does.
     */
    /**
     * The URNs a resource's aliases name: given as URNs, or as specs (name, type, stack,
     * project, parent) resolved as the engine does, so an export shows where a moved resource
     * came from.
     */
    private aliasUrns(req: any, type: string): string[] {
        const specs = (req.getAliasesList?.() ?? []).map((alias: any) => {
            if (alias.getUrn()) return alias.getUrn();
            const spec = alias.getSpec();
            const parent = spec.getNoparent() ? "" : spec.getParenturn() || req.getParent();
            return makeUrn(spec.getStack() || this.ctx.stack, spec.getProject() || this.ctx.project,
                parent, spec.getType() || type, spec.getName() || req.getName());
        });
        return [...req.getAliasurnsList(), ...specs];
    }

    private defaultProvider(type: string, version: string): string | undefined {
        const pkg = type.split(":")[0];
        if (type.startsWith("pulumi:providers:")) {
            return undefined;
        }
        const name = version ? `default_${version.replace(/[.+-]/g, "_")}` : "default";
        const urn = makeUrn(this.ctx.stack, this.ctx.project, "", `pulumi:providers:${pkg}`, name);
        let provider = this.byUrn.get(urn);
        if (!provider) {
            const inputs = providerConfig(pkg);
            if (version) {
                inputs.version = version;
            }
            const result = resourceOutputs({ type: `pulumi:providers:${pkg}`, name, inputs, custom: true }, this.ctx);
            provider = {
                urn, type: `pulumi:providers:${pkg}`, name, custom: true, id: result.id,
                dependencies: [], propertyDependencies: {}, protect: false, retainOnDelete: false,
                ignoreChanges: [], deleteBeforeReplace: false, additionalSecretOutputs: [], replaceOnChanges: [],
                aliases: [], external: false, inputs, outputs: result.state,
            };
            this.add(provider);
        }
        return `${urn}::${provider.id}`;
    }
}

/** A package's provider configuration from stack config: `aws:region` → `{ region }`. */
function providerConfig(pkg: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(allConfig())) {
        if (key.startsWith(`${pkg}:`)) {
            out[key.slice(pkg.length + 1)] = value;
        }
    }
    return out;
}
