/**
 * Analyzes changed copies of a stack's offline export through the real pack over the analyzer
 * protocol, as `npm run analyze` does (same calls, same policy config file), for suites that
 * judge many one-change variants of the same stack (the e2e mutations, the adversarial cases).
 *
 * What makes hundreds of variants affordable, without changing any verdict:
 * - One pack process per test process, shared by every suite in it (a mocha worker runs many
 *   files one after another; the pack's start-up, about 1.5 s of CPU, was paid once per file).
 *   The unchanged export has no mandatory violation, so only what a change touches can add one:
 *   changed and added resources go through Analyze; the others reuse the clean export's (empty)
 *   analysis.
 * - A case that asks only whether something is blocked is decided as soon as a violation
 *   blocks it: policies judge independently, so what some of them report stands whatever the
 *   others say (the CLI, too, has failed the preview by then). First Analyze; then, if needed,
 *   AnalyzeStack with only the stack policies likely to judge the change (those listing a type
 *   the case touched, and the state pass), the others disabled in the policy config: the pack
 *   converts every resource once per stack policy, so a few policies cost a fraction of all;
 *   then those that list no type (they judge whatever the stack holds: runtime paths, links,
 *   signals; most blocks the first pass misses are theirs); then, if still undecided,
 *   AnalyzeStack with the remaining ones. Every policy runs once.
 *   Cases that must be allowed get one AnalyzeStack with every policy.
 * - The state pass judges what the run's Analyze calls recorded, then forgets it. A case decided
 *   without it leaves its records in the pack; within a stack that is harmless (a resource a
 *   later case leaves unchanged has clean outputs, one it changes is analyzed again). Before
 *   another stack's cases, or cases with other policy config overrides, an AnalyzeStack of the
 *   previous stack with its own config ends that run (see `switchTo`).
 * - Results are kept in a cache keyed by everything that decides them (the sources digest of the
 *   shared previews, the stack, the policy config and the changed export), so a later `npm test`
 *   with no source change reads them instead of analyzing again.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

import { policies } from "../../policy/policies";
import { fromDeployment } from "../../tools/engine/export/deployment";
import { EngineResource } from "../../tools/engine/model";
import { PackResult, Violation } from "../../tools/engine/pack/protocol";
import { PackProcess, startPack } from "../../tools/engine/pack/process";
import { PackSession, ResourceAnalysis } from "../../tools/engine/pack/session";
import { CACHE_DIR as SHARED_RUNS, ExportedResource, sourcesDigest, writeAtomically } from "./stackPreview";

const ROOT = path.resolve(__dirname, "..", "..");
/** Beside the shared engine runs, so STACK_PREVIEW_CACHE moves (and a fresh one empties) both. */
const CACHE_DIR = path.join(SHARED_RUNS, "export-analyses");

export type Stack = "prod" | "dr";
export type Deployment = { version?: number; deployment: { resources: ExportedResource[] } };

/**
 * When a case is decided before the full AnalyzeStack: `decided` says whether the violations
 * found so far settle it; `stackPolicies` names the stack policies worth asking first, one
 * AnalyzeStack per group in order, given the types of the resources the case changed, added or
 * removed (no group: go straight to all of them).
 */
export interface DecidedBy {
    label: string;
    decided(violations: Violation[]): boolean;
    stackPolicies(touched: Set<string>): string[][];
}

const STATE_PASS = "state-drift";
const STACK_POLICIES = policies.filter((p) => "validateStack" in p).map((p) => p.name);
const mandatoryStack = policies.filter((p) => "validateStack" in p && p.enforcementLevel === "mandatory");

/** Decided once any mandatory violation appears (a "must be blocked" case). */
export const BLOCKED: DecidedBy = {
    label: "blocked",
    decided: (vs) => vs.some((v) => v.enforcementLevel === "mandatory"),
    stackPolicies: (touched) => [
        mandatoryStack.filter((p) => p.name === STATE_PASS || p.types.some((t) => touched.has(t))).map((p) => p.name),
        mandatoryStack.filter((p) => p.name !== STATE_PASS && p.types.length === 0).map((p) => p.name),
    ],
};

/** Never decided early (a "must be allowed" case: every policy must have its say). */
export const STACK_ALWAYS: DecidedBy = { label: "stack", decided: () => false, stackPolicies: () => [] };

/** Decided once `policy` reports a violation (a mandatory one, or any with `anyLevel`). */
export function blockedBy(policy: string, anyLevel = false): DecidedBy {
    const isStack = STACK_POLICIES.includes(policy);
    return {
        label: `policy:${policy}:${anyLevel ? "any" : "mandatory"}`,
        decided: (vs) => vs.some((v) => v.policyName === policy && (anyLevel || v.enforcementLevel === "mandatory")),
        stackPolicies: () => (isStack ? [[policy]] : []),
    };
}

/** The policy config with every stack policy but `keep` disabled. */
function onlyStackPolicies(content: Record<string, unknown>, keep: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = { ...content };
    for (const name of STACK_POLICIES.filter((n) => !keep.includes(n))) {
        out[name] = { ...(content[name] as object | undefined), enforcementLevel: "disabled" };
    }
    return out;
}

/** What a case's analysis found, and how far it went: Analyze only, AnalyzeStack with some stack policies, or with all. */
export interface CaseResult extends PackResult {
    stackAnalyzed: "none" | "some" | "all";
}

/** The export's resources as the engine reads them (pending deletions left out, as `fromDeployment` does). */
const live = (d: Deployment) => d.deployment.resources.filter((r) => !r.delete);

const CLEAN: Promise<ResourceAnalysis> = Promise.resolve({ violations: [], remediations: [] });

function packConfigOf(stack: Stack, overrides: Record<string, object>): { file: string; content: Record<string, unknown> } {
    const file = path.join(ROOT, "policy", "config", `${stack}.json`);
    return { file, content: { ...JSON.parse(fs.readFileSync(file, "utf8")), ...overrides } };
}

function cacheFile(stack: Stack, decidedBy: DecidedBy, overrides: Record<string, object>, changed: string): string {
    const key = crypto.createHash("sha256").update(sourcesDigest()).update("\0").update(stack).update("\0")
        .update(decidedBy.label).update("\0").update(JSON.stringify(overrides)).update("\0").update(changed).digest("hex");
    return path.join(CACHE_DIR, `${stack}-${key.slice(0, 32)}.json`);
}

function readCache(file: string): CaseResult | undefined {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as CaseResult;
    } catch {
        return undefined;
    }
}


/** Types of the resources a case changed or added, and of those it removed. */
function touchedTypes(original: Deployment, resources: EngineResource[], unchanged: Set<string>): Set<string> {
    const kept = new Set(resources.map((r) => r.urn));
    return new Set([
        ...resources.filter((r) => !unchanged.has(r.urn)).map((r) => r.type),
        ...original.deployment.resources.filter((r) => !kept.has(r.urn)).map((r) => r.type),
    ]);
}

/**
 * The run the shared pack is in: the stack and config overrides of the last case, how to end the
 * run, and whether a case left Analyze records for a state pass that did not run.
 */
interface PackRun {
    stack: Stack;
    overrides: string;
    open: boolean;
    end(): Promise<void>;
}

/** This process's pack, started by the first analyzer that needs it and ended when the process exits. */
let sharedPack: Promise<PackProcess> | undefined;
let currentRun: PackRun | undefined;

function packProcess(): Promise<PackProcess> {
    if (!sharedPack) {
        sharedPack = startPack(path.join(ROOT, "policy"));
        // Analyzers cannot tell which is the last: the pack must not keep mocha from exiting.
        sharedPack.then((p) => p.unref(), () => undefined);
    }
    return sharedPack;
}

/** Analyzes variants of one stack's export at a time, on the process's shared pack (see the file comment). */
export class ExportAnalyzer {
    /**
     * @param overrides policy config entries that replace the stack's own (policy/config/<stack>.json)
     *   for every case, e.g. a lower budget so the cost policy reports its estimate. Default: none.
     */
    constructor(private readonly overrides: Record<string, object> = {}) {}

    private originals?: { deployment: Deployment; byJson: Map<string, EngineResource> };

    /** The unchanged export's resources, by their exported JSON (parsed once per stack). */
    private parsed(stack: Stack, original: Deployment): { byJson: Map<string, EngineResource> } {
        if (this.originals?.deployment !== original) {
            const resources = fromDeployment(original, `${stack} export`);
            this.originals = { deployment: original, byJson: new Map(live(original).map((r, i) => [JSON.stringify(r), resources[i]])) };
        }
        return this.originals;
    }

    private async session(stack: Stack, onlyStack?: string[]): Promise<PackSession> {
        const packConfig = packConfigOf(stack, this.overrides);
        return PackSession.open(await packProcess(), {
            stack, project: "expertconnect-infra", organization: "organization", stackConfig: {}, secretKeys: [],
            packConfig: onlyStack ? { ...packConfig, content: onlyStackPolicies(packConfig.content, onlyStack) } : packConfig,
        });
    }

    /**
     * Before the first case of another stack or other overrides: when a case of the previous run
     * ended without AnalyzeStack, the pack still holds what its Analyze calls recorded for the
     * state pass (each policy's config among them). An AnalyzeStack of that run's unchanged
     * export, with that run's config, ends it, so nothing is judged with another's config.
     */
    private async switchTo(stack: Stack, original: Deployment): Promise<PackRun> {
        const overrides = JSON.stringify(this.overrides);
        const previous = currentRun;
        if (previous && previous.stack === stack && previous.overrides === overrides) {
            return previous;
        }
        if (previous?.open) {
            await previous.end();
        }
        currentRun = {
            stack, overrides, open: false,
            end: async () => {
                await (await this.session(stack)).analyzeStack(fromDeployment(original, `${stack} export`));
            },
        };
        return currentRun;
    }

    /**
     * Analyzes `changed`, a copy of `original` with a case's change applied. One case at a time:
     * each configures the pack (which stack policies run) for its own calls.
     */
    async analyze(stack: Stack, original: Deployment, changed: Deployment, decidedBy: DecidedBy): Promise<CaseResult> {
        const text = JSON.stringify(changed);
        const file = cacheFile(stack, decidedBy, this.overrides, text);
        const cached = readCache(file);
        if (cached) {
            return cached;
        }
        const run = await this.switchTo(stack, original);
        const { byJson } = this.parsed(stack, original);
        // A resource the case left as it was is the same object in every case (its messages are built once).
        const unchanged = new Set<string>();
        const exported = live(changed);
        const resources: EngineResource[] = fromDeployment(JSON.parse(text), `${stack} export`).map((r, i) => {
            const same = byJson.get(JSON.stringify(exported[i]));
            if (same && same.urn === r.urn) {
                unchanged.add(r.urn);
                return same;
            }
            return r;
        });
        const session = await this.session(stack);
        const perResource = await session.analyzeResources(resources, new Map(resources.filter((r) => unchanged.has(r.urn)).map((r) => [r.urn, CLEAN])));
        const touched = touchedTypes(original, resources, unchanged);
        const stackViolations: Violation[] = [];
        const found = () => session.result(perResource, stackViolations).violations;
        let stackAnalyzed: CaseResult["stackAnalyzed"] = "none";
        const asked: string[] = [];
        for (const group of decidedBy.stackPolicies(touched)) {
            const fresh = group.filter((name) => !asked.includes(name));
            if (decidedBy.decided(found()) || fresh.length === 0) {
                continue;
            }
            stackViolations.push(...await (await this.session(stack, fresh)).analyzeStack(resources));
            asked.push(...fresh);
            stackAnalyzed = "some";
        }
        if (decidedBy.decided(found())) {
            run.open = true;
        } else {
            // The other stack policies (all of them when none ran yet): together, every policy once.
            const rest = asked.length > 0 ? STACK_POLICIES.filter((name) => !asked.includes(name)) : undefined;
            if (rest === undefined || rest.length > 0) {
                stackViolations.push(...await (await this.session(stack, rest)).analyzeStack(resources));
            }
            stackAnalyzed = "all";
        }
        const result: CaseResult = { ...session.result(perResource, stackViolations), stackAnalyzed };
        writeAtomically(file, JSON.stringify(result));
        return result;
    }

}
