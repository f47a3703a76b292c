/**
 * Analyzes changed copies of a stack's offline export through the real pack over the analyzer
 * protocol, as `npm run analyze` does (same calls, same policy config file), for suites that
 * judge many one-change variants of the same stack (the e2e mutations, the adversarial cases).
 *
 * What makes hundreds of variants affordable, without changing any verdict:
 * - One pack process per suite. The unchanged export has no mandatory violation, so only what a
 *   change touches can add one: changed and added resources go through Analyze; the others
 *   reuse the clean export's (empty) analysis.
 * - A case that asks only whether something is blocked is decided as soon as Analyze has
 *   blocked it: AnalyzeStack can add violations, never remove one (the CLI, too, has failed the
 *   preview by then). Cases that must be allowed, or that only a stack policy or the state pass
 *   can block, always get AnalyzeStack.
 * - What an early-decided case's Analyze calls recorded for the state pass stays in the pack
 *   until the next AnalyzeStack. Within a stack that is harmless: a resource a later case leaves
 *   unchanged has clean outputs, and one it changes is analyzed again. Before another stack's
 *   cases, an AnalyzeStack of the previous stack ends that run (see `switchTo`).
 * - Results are kept in a cache keyed by everything that decides them (the sources digest of the
 *   shared previews, the stack, the policy config and the changed export), so a later `npm test`
 *   with no source change reads them instead of analyzing again.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

import { fromDeployment } from "../../tools/engine/export/deployment";
import { EngineResource } from "../../tools/engine/model";
import { PackResult, Violation } from "../../tools/engine/pack/protocol";
import { PackProcess, startPack } from "../../tools/engine/pack/process";
import { PackSession, ResourceAnalysis } from "../../tools/engine/pack/session";
import { ExportedResource, sourcesDigest } from "./stackPreview";

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "export-analyses");

export type Stack = "prod" | "dr";
export type Deployment = { version?: number; deployment: { resources: ExportedResource[] } };

/**
 * When a case is decided without AnalyzeStack: given the per-resource violations, true when
 * they already settle it. `stackAlways` for a case that must run every policy.
 */
export type DecidedBy = { label: string; decided(violations: Violation[]): boolean };

/** Decided once any mandatory violation appears (a "must be blocked" case). */
export const BLOCKED: DecidedBy = { label: "blocked", decided: (vs) => vs.some((v) => v.enforcementLevel === "mandatory") };
/** Never decided early (a "must be allowed" case: every policy must have its say). */
export const STACK_ALWAYS: DecidedBy = { label: "stack", decided: () => false };
/** Decided once `policy` reports a mandatory violation. */
export function blockedBy(policy: string): DecidedBy {
    return { label: `policy:${policy}`, decided: (vs) => vs.some((v) => v.policyName === policy && v.enforcementLevel === "mandatory") };
}

/** What a case's analysis found, and whether AnalyzeStack ran for it. */
export interface CaseResult extends PackResult {
    stackAnalyzed: boolean;
}

/** The export's resources as the engine reads them (pending deletions left out, as `fromDeployment` does). */
const live = (d: Deployment) => d.deployment.resources.filter((r) => !r.delete);

const CLEAN: Promise<ResourceAnalysis> = Promise.resolve({ violations: [], remediations: [] });

function packConfigOf(stack: Stack): { file: string; content: Record<string, unknown> } {
    const file = path.join(ROOT, "policy", "config", `${stack}.json`);
    return { file, content: JSON.parse(fs.readFileSync(file, "utf8")) };
}

function cacheFile(stack: Stack, decidedBy: DecidedBy, changed: string): string {
    const key = crypto.createHash("sha256").update(sourcesDigest()).update("\0").update(stack).update("\0")
        .update(decidedBy.label).update("\0").update(changed).digest("hex");
    return path.join(CACHE_DIR, `${stack}-${key.slice(0, 32)}.json`);
}

function readCache(file: string): CaseResult | undefined {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as CaseResult;
    } catch {
        return undefined;
    }
}

function writeCache(file: string, result: CaseResult): void {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(result));
    fs.renameSync(temp, file);
}

/** One pack process analyzing variants of one stack's export at a time (see the file comment). */
export class ExportAnalyzer {
    private pack?: Promise<PackProcess>;
    /** The stack of the cases analyzed last, and whether one ended without AnalyzeStack. */
    private current?: { stack: Stack; original: Deployment; open: boolean };
    private originals?: { deployment: Deployment; byJson: Map<string, EngineResource> };

    /** The unchanged export's resources, by their exported JSON (parsed once per stack). */
    private parsed(stack: Stack, original: Deployment): { byJson: Map<string, EngineResource> } {
        if (this.originals?.deployment !== original) {
            const resources = fromDeployment(original, `${stack} export`);
            this.originals = { deployment: original, byJson: new Map(live(original).map((r, i) => [JSON.stringify(r), resources[i]])) };
        }
        return this.originals;
    }

    private packProcess(): Promise<PackProcess> {
        this.pack ??= startPack(path.join(ROOT, "policy"));
        return this.pack;
    }

    private async session(stack: Stack): Promise<PackSession> {
        return PackSession.open([await this.packProcess()], {
            stack, project: "expertconnect-infra", organization: "organization", stackConfig: {}, secretKeys: [],
            packConfig: packConfigOf(stack),
        });
    }

    /**
     * Before the first case of another stack: when a case of the previous stack ended without
     * AnalyzeStack, the pack still holds what its Analyze calls recorded for the state pass (each
     * policy's config among them). An AnalyzeStack of the previous stack's unchanged export, with
     * that stack's config, ends that run, so nothing is judged with another stack's config.
     */
    private async switchTo(stack: Stack, original: Deployment): Promise<void> {
        const previous = this.current;
        if (previous && previous.stack !== stack && previous.open) {
            const session = await this.session(previous.stack);
            await session.analyzeStack(fromDeployment(previous.original, `${previous.stack} export`));
        }
        if (previous?.stack !== stack) {
            this.current = { stack, original, open: false };
        }
    }

    /**
     * Analyzes `changed`, a copy of `original` with a case's change applied. Cases of one stack
     * may run concurrently; cases of different stacks must not.
     */
    async analyze(stack: Stack, original: Deployment, changed: Deployment, decidedBy: DecidedBy): Promise<CaseResult> {
        const text = JSON.stringify(changed);
        const file = cacheFile(stack, decidedBy, text);
        const cached = readCache(file);
        if (cached) {
            return cached;
        }
        await this.switchTo(stack, original);
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
        const early = session.result(perResource, []);
        let result: CaseResult;
        if (decidedBy.decided(early.violations)) {
            result = { ...early, stackAnalyzed: false };
            this.current!.open = true;
        } else {
            result = { ...session.result(perResource, await session.analyzeStack(resources)), stackAnalyzed: true };
        }
        writeCache(file, result);
        return result;
    }

    close(): void {
        this.pack?.then((p) => p.close(), () => undefined);
    }
}
