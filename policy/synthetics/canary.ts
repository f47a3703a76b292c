import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { GUIDE_ALARMS } from "../cloudwatch/alarmActions";
import { ALARM_SIGNALS } from "../lib/facts/alarmSignals";
import { CANARY_SITE_URL_VARIABLE, CANARY_VERIFICATION_SWITCHES } from "../lib/facts/canaryInputs";
import { longestGapMinutes } from "../lib/schedule";
import { stackFenced, stackPhase } from "../lib/role";
import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, linker, ofType } from "../lib/stack";
import { KMS_KEY, LOAD_BALANCER, LOG_GROUP, METRIC_ALARM, S3_BUCKET, SYNTHETICS_CANARY } from "../lib/tokens";

/** `syn-nodejs-playwright-8.0` → family `syn-nodejs-playwright`, version [8, 0]. */
const RUNTIME = /^(syn-[a-z-]+?)-(\d+)\.(\d+)$/;

function parseRuntime(runtime: string): { family: string; version: [number, number] } | undefined {
    const m = RUNTIME.exec(runtime);
    return m ? { family: m[1], version: [Number(m[2]), Number(m[3])] } : undefined;
}

const older = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** Why a runtime is not current, or undefined when it is. */
function runtimeProblem(runtime: string, minimums: string[]): string | undefined {
    const parsed = parseRuntime(runtime);
    const floors = minimums.map(parseRuntime).filter((m): m is NonNullable<typeof m> => m !== undefined);
    if (!parsed) {
        return `runtime ${runtime} is no supported Synthetics runtime (a beta, or a retired naming such as syn-1.0)`;
    }
    const floor = floors.find((f) => f.family === parsed.family);
    if (!floor) {
        return `runtime family ${parsed.family} is not one the pack knows (${floors.map((f) => f.family).join(", ")})`;
    }
    if (older(parsed.version, floor.version)) {
        return `runtime ${runtime} is older than ${floor.family}-${floor.version.join(".")}, the oldest AWS still supports (older ones are deprecated: no security updates, and new canaries are refused)`;
    }
    return undefined;
}

/** Whether an alarm with actions watches the canary's CloudWatchSynthetics metrics. */
function alarmed(alarms: PolicyResource[], canaryName: string): boolean {
    return alarms.some((alarm) => {
        const actions = knownDeep(() => alarm.props.alarmActions, ["?"]) as unknown[] | undefined;
        if (!Array.isArray(actions) || actions.length === 0) return false;
        const queries = (knownDeep(() => alarm.props.metricQueries, []) ?? []) as Array<{ metric?: { namespace?: unknown; dimensions?: Record<string, unknown> } }>;
        const metrics = [{ namespace: known(() => alarm.props.namespace), dimensions: knownDeep(() => alarm.props.dimensions) as Record<string, unknown> | undefined },
            ...queries.map((q) => ({ namespace: q?.metric?.namespace, dimensions: q?.metric?.dimensions }))];
        return metrics.some((m) => m.namespace === "CloudWatchSynthetics" && (m.dimensions?.CanaryName === canaryName || m.dimensions === undefined));
    });
}

interface Schedule {
    expression?: unknown;
    durationInSeconds?: unknown;
}

/**
 * Why a canary's schedule stops it, or undefined when it keeps running: `rate(0 minute)` runs it
 * once, and a positive durationInSeconds stops it after that long (Synthetics' own semantics).
 */
export function scheduleProblem(schedule: Schedule | undefined): string | undefined {
    const expression = typeof schedule?.expression === "string" ? schedule.expression.trim() : undefined;
    if (expression !== undefined && /^rate\(\s*0+\s*(minute|minutes|hour|hours)?\s*\)$/i.test(expression)) {
        return `runs once only (schedule ${expression})`;
    }
    const duration = schedule?.durationInSeconds;
    if (typeof duration === "number" && duration > 0) {
        return `stops running after ${duration} s (schedule.durationInSeconds)`;
    }
    return undefined;
}

/** The alarms with actions on a canary's CloudWatchSynthetics metrics. */
function canaryAlarms(alarms: PolicyResource[], canaryName: string): PolicyResource[] {
    return alarms.filter((alarm) => alarmed([alarm], canaryName));
}

/**
 * Most minutes from an outage to the page: a failure is seen at the next run (up to the longest
 * gap between runs), and the quickest of the canary's alarms needs its datapointsToAlarm
 * (evaluationPeriods when unset) failed runs. Undefined when the schedule cannot be read.
 */
export function detectionMinutes(schedule: Schedule | undefined, alarms: PolicyResource[]): { minutes: number; gap: number; runs: number } | undefined {
    const expression = typeof schedule?.expression === "string" ? schedule.expression : undefined;
    const gap = expression === undefined ? undefined : longestGapMinutes(expression);
    if (gap === undefined || gap === 0) return undefined; // rate(0 …): scheduleProblem's finding
    const needed = alarms.map((a) => known(() => a.props.datapointsToAlarm) ?? known(() => a.props.evaluationPeriods))
        .filter((n): n is number => typeof n === "number" && n >= 1);
    const runs = needed.length === 0 ? 1 : Math.min(...needed);
    return { minutes: gap * runs, gap, runs };
}

/** The minutes the synthetic-check signal allows from outage to page (policy/lib/facts/alarmSignals.ts). */
const SYNTHETIC_CHECK_MINUTES = ALARM_SIGNALS.find((s) => s.namespace === "CloudWatchSynthetics" && s.metricName === "SuccessPercent")?.maximumMinutes ?? 30;

/**
 * Why the canary's inputs (policy/lib/facts/canaryInputs.ts) keep it from checking what users
 * get: a URL over plain HTTP (users are served HTTPS; the check then skips TLS and the HTTPS
 * listener entirely), a site URL on a host no certificate of the stack names (not the stack's
 * public name: the load balancer's own DNS name, whose certificate check must be switched off),
 * or certificate verification switched off (a check that stays green through an expired or
 * wrong certificate every browser refuses). `certificateNames` empty: the names are not known.
 */
export function probeProblems(variables: Record<string, unknown>, certificateNames: string[]): string[] {
    const out: string[] = [];
    for (const [variable, value] of Object.entries(variables)) {
        if (typeof value !== "string") continue;
        const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value.trim())?.[1].toLowerCase();
        if (scheme !== undefined && scheme !== "https") {
            out.push(`runConfig.environmentVariables.${variable} is ${value}, plain ${scheme.toUpperCase()}: users are served HTTPS, and the check skips the certificate and the HTTPS listener they go through. Use the https:// URL`);
        }
        const switchedOff = CANARY_VERIFICATION_SWITCHES[variable];
        if (switchedOff !== undefined && switchedOff(value.trim())) {
            out.push(`runConfig.environmentVariables.${variable}=${value} switches certificate verification off: the check stays green with an expired or wrong certificate every user's browser refuses. Remove it and probe the name the certificate covers`);
        }
    }
    const site = variables[CANARY_SITE_URL_VARIABLE];
    const host = typeof site === "string" && /^https:\/\//i.test(site.trim()) ? hostOf(site.trim()) : undefined;
    if (host !== undefined && certificateNames.length > 0 && !certificateNames.some((n) => hostMatches(host, n))) {
        out.push(`runConfig.environmentVariables.${CANARY_SITE_URL_VARIABLE} probes ${host}, which no certificate of the stack names (${certificateNames.join(", ")}): it is not the stack's public name, and its certificate cannot verify. Probe the regional name (expertconnect:monitoring.canary.siteUrl)`);
    }
    return out;
}

/** The names the stack's ACM certificates cover (domain names and subject alternative names). */
function certificateNames(resources: PolicyResource[]): string[] {
    return ofType(resources, ["aws:acm/certificate:Certificate"])
        .flatMap((c) => [known(() => c.props.domainName), ...((knownDeep(() => c.props.subjectAlternativeNames, []) ?? []) as unknown[])])
        .filter((n): n is string => typeof n === "string" && n !== "");
}

/** The host of a URL, lower-case, or undefined when it does not parse. */
function hostOf(url: string): string | undefined {
    try {
        return new URL(url).hostname.toLowerCase();
    } catch {
        return undefined;
    }
}

/** Whether `host` is `name` (a wildcard `*.` standing for one label). */
export function hostMatches(host: string, name: string): boolean {
    const n = name.toLowerCase().replace(/\.$/, "");
    return n.startsWith("*.") ? host.endsWith(n.slice(1)) && !host.slice(0, host.length - n.length + 1).includes(".") : host === n;
}

/**
 * The hosts the stack serves: its Route 53 record names, its certificates' names and its load
 * balancers' DNS names (known ones). A canary aimed elsewhere checks a site whose health says
 * nothing about this one.
 */
export function stackHosts(resources: PolicyResource[]): string[] {
    const out = new Set<string>();
    const add = (v: unknown) => (Array.isArray(v) ? v : [v]).forEach((n) => { if (typeof n === "string" && n !== "") out.add(n.toLowerCase().replace(/\.$/, "")); });
    ofType(resources, ["aws:route53/record:Record"]).forEach((r) => add(known(() => r.props.name)));
    ofType(resources, ["aws:acm/certificate:Certificate"]).forEach((c) => { add(known(() => c.props.domainName)); add(knownDeep(() => c.props.subjectAlternativeNames)); });
    ofType(resources, LOAD_BALANCER).forEach((lb) => add(known(() => lb.props.dnsName)));
    return [...out];
}

function checkCanary(canary: PolicyResource, resources: PolicyResource[], config: CanaryConfig, report: ReportViolation): void {
    const minimums = config.minimumRuntimeVersions;
    const name = knownString(canary, "name") ?? canary.name;
    const runtime = knownString(canary, "runtimeVersion");
    const problem = runtime === undefined ? undefined : runtimeProblem(runtime, minimums);
    if (problem) {
        report(`canary ${name}: ${problem}.`, canary.urn);
    }

    const encryption = knownDeep(() => canary.props.artifactConfig?.s3Encryption) as { encryptionMode?: unknown } | undefined;
    if (encryption?.encryptionMode !== "SSE_KMS") {
        report(`canary ${name}: artifacts (screenshots, HAR files with request headers) are not encrypted with a customer key; set artifactConfig.s3Encryption to SSE_KMS with the stack's key.`, canary.urn);
    } else {
        const keys = ofType(resources, KMS_KEY);
        const keyArn = known(() => canary.props.artifactConfig.s3Encryption.kmsKeyArn);
        const linked = linker(keys, ["arn", "keyId"])(canary, "artifactConfig").length > 0
            || (typeof keyArn === "string" && keys.some((k) => knownString(k, "arn") === keyArn));
        if (keyArn !== undefined && !linked && typeof keyArn === "string") {
            report(`canary ${name}: the artifacts key ${keyArn} is no key of this stack.`, canary.urn);
        }
    }

    const codeBucket = knownString(canary, "s3Bucket");
    if (codeBucket !== undefined && !ofType(resources, S3_BUCKET).some((b) => knownString(b, "bucket") === codeBucket)) {
        report(`canary ${name}: its code (s3Bucket) comes from ${codeBucket}, which is no bucket of this stack: whoever writes there decides what the check does. Upload the script to the stack's canary bucket.`, canary.urn);
    }
    const hosts = stackHosts(resources);
    const variables = (knownDeep(() => (canary.props.runConfig as { environmentVariables?: Record<string, unknown> } | undefined)?.environmentVariables, {}) ?? {}) as Record<string, unknown>;
    for (const [variable, value] of Object.entries(variables)) {
        const host = typeof value === "string" && /^https?:\/\//i.test(value) ? hostOf(value) : undefined;
        if (host !== undefined && hosts.length > 0 && !hosts.some((h) => hostMatches(host, h))) {
            report(`canary ${name}: runConfig.environmentVariables.${variable} points at ${host}, which is none of the stack's hosts (${hosts.join(", ")}): it checks another site, which stays up when this one fails. Set it to the stack's site (expertconnect:monitoring.canary.siteUrl).`, canary.urn);
        }
    }

    for (const problem of probeProblems(variables, certificateNames(resources))) {
        report(`canary ${name}: ${problem}.`, canary.urn);
    }

    const location = knownString(canary, "artifactS3Location");
    const bucket = location === undefined ? undefined : /^s3:\/\/([^/]+)/.exec(location)?.[1];
    if (bucket !== undefined && !ofType(resources, S3_BUCKET).some((b) => knownString(b, "bucket") === bucket)) {
        report(`canary ${name}: artifacts go to ${bucket}, which is no bucket of this stack (whose encryption and public access the pack cannot see).`, canary.urn);
    }

    if (known(() => canary.props.startCanary, true) === false) {
        report(`canary ${name} is stopped: it checks nothing. Set startCanary to true, or remove the canary.`, canary.urn);
    }
    const stops = scheduleProblem(knownDeep(() => canary.props.schedule) as Schedule | undefined);
    if (stops) {
        report(`canary ${name} ${stops}: after that it checks nothing while still looking configured. Use a recurring rate or cron expression and durationInSeconds 0.`, canary.urn);
    }
    const alarms = canaryAlarms(ofType(resources, METRIC_ALARM), name);
    if (alarms.length === 0) {
        report(`canary ${name} has no alarm with actions on its CloudWatchSynthetics metrics: its failures reach no one.`, canary.urn);
    }
    const detection = detectionMinutes(knownDeep(() => canary.props.schedule) as Schedule | undefined, alarms);
    if (detection !== undefined && detection.minutes > config.maximumMinutesToDetect) {
        report(`canary ${name} runs up to ${detection.gap} minutes apart and its alarm needs ${detection.runs} failed run(s): an outage pages after up to ${detection.minutes} minutes, more than ${config.maximumMinutesToDetect}. ` +
            "Run it more often (expertconnect:monitoring.canary.everyMinutes).", canary.urn);
    }

    // Lambda creates `/aws/lambda/cwsyn-<name>-<id>` without retention unless the stack owns it.
    const prefix = `/aws/lambda/cwsyn-${name}-`;
    const ownsLogGroup = ofType(resources, LOG_GROUP).some((g) => {
        const groupName = knownString(g, "name");
        return groupName === undefined ? (g.propertyDependencies.name ?? []).includes(canary) : groupName.startsWith(prefix);
    });
    if (!ownsLogGroup) {
        report(`canary ${name}: no log group ${prefix}… in the stack; the function would create one that keeps its logs forever. Create it from the canary's engineArn, with a retention.`, canary.urn);
    }
}

interface CanaryConfig { minimumRuntimeVersions: string[]; required: boolean; maximumMinutesToDetect: number }

export const syntheticsCanary = stackPolicy<CanaryConfig>({
    name: "synthetics-canary",
    description: "The primary stack has a Synthetics canary checking its users' endpoint from outside, and its canaries check the stack's own hosts (URLs in their environment name a record, certificate name or load balancer of the stack), load their code from a bucket of the stack, run a supported runtime, encrypt their artifacts with a key of the stack into a bucket of the stack, run on a recurring schedule that does not stop (no rate(0 minute), no durationInSeconds) and detects an outage within maximumMinutesToDetect (longest gap between runs × failed runs its alarm needs), probe the stack's public name over HTTPS with certificate verification on (no http:// URL, a site URL a certificate of the stack names, no switch turning verification off, as policy/lib/facts/canaryInputs.ts states the script's inputs), are alarmed and log with a retention.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ALARMS,
        remediationSteps: "Use SyntheticCheck (components/monitoring/SyntheticCheck.ts): current runtime, SSE_KMS artifacts into its SecureBucket, an alarm on SuccessPercent, the function's log group with a retention.",
    },
    config: {
        minimumRuntimeVersions: {
            type: "array",
            items: { type: "string", pattern: "^syn-[a-z-]+-\\d+\\.\\d+$" },
            minItems: 1,
            // AWS's deprecation table (CloudWatch Synthetics runtime support policy): puppeteer 7.0 and
            // older and selenium 5.1 and older are deprecated since January/February 2026.
            default: ["syn-nodejs-puppeteer-8.0", "syn-nodejs-playwright-1.0", "syn-python-selenium-6.0", "syn-nodejs-3.0", "syn-java-1.0"],
            description: "The oldest supported runtime of each family; older ones, and families not listed, are refused.",
        },
        maximumMinutesToDetect: {
            type: "integer",
            minimum: 1,
            maximum: 1440,
            default: SYNTHETIC_CHECK_MINUTES,
            description: "Most minutes from an outage to the canary's page (the synthetic-check signal's budget in policy/lib/facts/alarmSignals.ts, default 30): the longest gap between runs times the failed runs its quickest alarm needs.",
        },
        required: {
            type: "boolean",
            default: true,
            description: "Whether a stack with a load balancer must have a canary (false: an internal-only stack, deliberately unchecked).",
        },
    },
    validate: (resources, report, { config }) => {
        const canaries = ofType(resources, SYNTHETICS_CANARY);
        // The primary stack (no failover phase, not fenced) must have one; a dr stack's canary comes
        // with its failover phase (SyntheticCheck creates it at promote), which the dr previews
        // verify; a fenced prod serves no one and dr's canary watches the users' endpoint.
        const primary = stackPhase(resources) === undefined && stackFenced(resources) !== true;
        // Not as onlyWith: removing the last canary must not make the policy not applicable.
        if (canaries.length === 0 && config.required && primary && ofType(resources, LOAD_BALANCER).length > 0) {
            report("the stack serves users through a load balancer and no Synthetics canary checks it from outside: an outage users see reaches no one until they complain (the guide's weekly functionality test, automated).");
        }
        for (const canary of canaries) {
            checkCanary(canary, resources, config, report);
        }
    },
});
