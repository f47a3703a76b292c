import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, ofType, valueLinker } from "../lib/stack";
import { LISTENER, LOAD_BALANCER } from "../lib/tokens";
import { GUIDE_DR } from "../dr/backupCopy";
import { covers, dnsName, RoutedRecord, ServedName, servedNames, uncovered } from "./tlsNames";

const RECORD = "aws:route53/record:Record";
export const CERTIFICATE = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const LISTENER_CERTIFICATE = ["aws:lb/listenerCertificate:ListenerCertificate", "aws:alb/listenerCertificate:ListenerCertificate"] as const;

/** Listener protocols that present a certificate. */
const TERMINATES_TLS = ["HTTPS", "TLS"];
/** The names CloudFront's default certificate covers. */
const CLOUDFRONT_DEFAULT = ["*.cloudfront.net"];

/** An endpoint that terminates TLS, with what it presents. */
export interface Endpoint {
    resource: PolicyResource;
    label: string;
    /** Certificates it presents; undefined while one of them can't be resolved to its names (an ARN from outside the stack, unknown in preview). */
    certificates?: Array<{ names: string[]; certificate?: PolicyResource }>;
    /** Names a CloudFront distribution answers (its aliases); undefined for a load balancer or while unknown. */
    aliases?: string[];
}

/** The certificate resources an ARN names (directly, or through the CertificateValidation whose certificateArn output it is). */
function certificateResolver(resources: PolicyResource[]) {
    const certificates = ofType(resources, [CERTIFICATE]);
    const validations = ofType(resources, [VALIDATION]);
    const certificateOfValidation = valueLinker(certificates, ["arn"]);
    const byArn = new Map<string, PolicyResource>();
    certificates.forEach(c => { const arn = knownString(c, "arn"); if (arn) byArn.set(arn, c); });
    const viaValidation = new Map<PolicyResource, PolicyResource | undefined>(validations.map(v => [v, certificateOfValidation(v, "certificateArn")[0]]));
    validations.forEach(v => { const arn = knownString(v, "certificateArn"); const c = viaValidation.get(v); if (arn && c && !byArn.has(arn)) byArn.set(arn, c); });
    /** The certificate `source.<property>` names (a value when known, else its dependency); undefined when it can't be told. */
    return (source: PolicyResource, read: () => unknown, property: string): PolicyResource | undefined => {
        const value = known(read, null);
        if (typeof value === "string") return byArn.get(value);
        if (value !== null) return undefined;
        const dep = (source.propertyDependencies[property] ?? []).find(d => d.type === CERTIFICATE || d.type === VALIDATION);
        return dep?.type === VALIDATION ? viaValidation.get(dep) : dep;
    };
}

/** A certificate's names (domainName and subjectAlternativeNames); undefined while not known. */
export function namesOf(certificate: PolicyResource | undefined): string[] | undefined {
    if (certificate === undefined) return undefined;
    const domain = known(() => certificate.props.domainName as unknown, null);
    const alternatives = knownDeep(() => certificate.props.subjectAlternativeNames as unknown, null);
    if (typeof domain !== "string" || (alternatives !== undefined && !Array.isArray(alternatives))) return undefined;
    return [domain, ...((alternatives ?? []) as unknown[]).filter((n): n is string => typeof n === "string")];
}

/** The stack's load balancers and distributions that terminate TLS, keyed by their own DNS name. */
export function endpointsOf(resources: PolicyResource[]): Map<string, Endpoint> {
    const resolve = certificateResolver(resources);
    const endpoints = new Map<string, Endpoint>();
    const balancers = ofType(resources, LOAD_BALANCER);
    const listenersOf = valueLinker(balancers, ["arn"]);
    const listeners = ofType(resources, LISTENER);
    const listenerOf = valueLinker(listeners, ["arn"]);
    const extra = new Map<PolicyResource, PolicyResource[]>();
    for (const lc of ofType(resources, LISTENER_CERTIFICATE)) {
        for (const l of listenerOf(lc, "listenerArn")) extra.set(l, [...(extra.get(l) ?? []), lc]);
    }
    for (const balancer of balancers) {
        const host = knownString(balancer, "dnsName");
        if (host === undefined) continue;
        const tls = listeners.filter(l => listenersOf(l, "loadBalancerArn").includes(balancer) && TERMINATES_TLS.includes(String(known(() => l.props.protocol))));
        if (tls.length === 0) continue; // nothing presents a certificate (plain HTTP is other policies' concern)
        const certificates: Endpoint["certificates"] = [];
        let unresolved = false;
        for (const l of tls) {
            const presented = [resolve(l, () => l.props.certificateArn, "certificateArn"), ...(extra.get(l) ?? []).map(lc => resolve(lc, () => lc.props.certificateArn, "certificateArn"))];
            for (const c of presented) {
                const names = namesOf(c);
                if (names === undefined) unresolved = true;
                else certificates.push({ names, certificate: c });
            }
        }
        endpoints.set(dnsName(host), { resource: balancer, label: `load balancer ${knownString(balancer, "name") ?? balancer.name}`, certificates: unresolved ? undefined : certificates });
    }
    for (const distribution of ofType(resources, [DISTRIBUTION])) {
        const host = knownString(distribution, "domainName");
        if (host === undefined) continue;
        const viewer = knownDeep(() => distribution.props.viewerCertificate as Record<string, unknown> | undefined, null);
        const aliases = knownDeep(() => distribution.props.aliases as unknown, null);
        let certificates: Endpoint["certificates"];
        if (viewer !== null && viewer?.cloudfrontDefaultCertificate === true) {
            certificates = [{ names: CLOUDFRONT_DEFAULT }];
        } else {
            const names = namesOf(resolve(distribution, () => distribution.props.viewerCertificate?.acmCertificateArn, "viewerCertificate"));
            certificates = names === undefined ? undefined : [{ names }];
        }
        endpoints.set(dnsName(host), {
            resource: distribution, label: `CloudFront distribution ${distribution.name}`, certificates,
            aliases: aliases === null ? undefined : Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === "string").map(dnsName) : [],
        });
    }
    return endpoints;
}

/** The stack's records as routing sees them (records whose name is unknown are left out). */
export function routedRecords(resources: PolicyResource[], endpoints: Map<string, Endpoint>): RoutedRecord[] {
    const byResource = new Map([...endpoints].map(([key, e]) => [e.resource, key]));
    const routed: RoutedRecord[] = [];
    for (const r of ofType(resources, [RECORD])) {
        const name = knownString(r, "name");
        if (name === undefined) continue;
        const aliases = (knownDeep(() => r.props.aliases, []) ?? []) as Array<{ name?: unknown }>;
        const type = knownString(r, "type");
        const values = type === "CNAME" ? (knownDeep(() => r.props.records, []) ?? []) as unknown[] : [];
        const targets = [...aliases.map(a => a.name), ...values].filter((t): t is string => typeof t === "string").map(dnsName);
        const unknownAlias = aliases.some(a => typeof a.name !== "string") || known(() => r.props.aliases, null) === null;
        const endpointKeys = unknownAlias ? (r.propertyDependencies.aliases ?? []).map(d => byResource.get(d)).filter((k): k is string => k !== undefined) : [];
        const failover = known(() => String(r.props.failoverRoutingPolicies?.[0]?.type ?? ""), "");
        routed.push({ name, targets, endpoints: endpointKeys, routing: failover ? `failover ${failover.toUpperCase()}` : undefined, urn: r.urn });
    }
    return routed;
}

/**
 * Why a certificate ACM issues can't be renewed without an operator: it is validated by DNS (an
 * EMAIL-validated one waits for someone to approve a mail), and, when the stack validates it, each
 * name's validation record (ACM's domainValidationOptions) is a record of the stack.
 */
function validationProblems(certificate: PolicyResource, resources: PolicyResource[]): string[] {
    const method = known(() => certificate.props.validationMethod as unknown, null);
    if (typeof method === "string" && !["DNS", "NONE"].includes(method.toUpperCase())) {
        // ACM renews an EMAIL-validated certificate only once someone approves the mail it sends
        // before expiry; a DNS-validated one renews by itself while its validation record stays.
        // NONE is the provider's state for an imported or private-CA certificate, which ACM does
        // not validate and does not renew (imported ones are a concern of their own).
        return [`certificate ${certificate.name} has validationMethod ${method}: ACM renews it only when someone approves its renewal mail, so it expires unattended. ` +
            "Set validationMethod DNS and keep the validation records in the stack (components/dns/Certificate)"];
    }
    if (method !== "DNS") return [];
    const arn = knownString(certificate, "arn");
    const validated = ofType(resources, [VALIDATION]).some(v => (v.propertyDependencies.certificateArn ?? []).includes(certificate) || (arn !== undefined && knownString(v, "certificateArn") === arn));
    if (!validated) return [];
    const options = knownDeep(() => certificate.props.domainValidationOptions as unknown, null);
    if (!Array.isArray(options)) return [];
    const records = ofType(resources, [RECORD]).map(r => ({ name: knownString(r, "name"), values: knownDeep(() => r.props.records as unknown, null) }));
    const problems: string[] = [];
    for (const o of options as Array<{ domainName?: string; resourceRecordName?: string; resourceRecordValue?: string }>) {
        if (typeof o.resourceRecordName !== "string") continue;
        const found = records.filter(r => r.name === undefined || dnsName(r.name) === dnsName(o.resourceRecordName!));
        const answers = found.some(r => r.name === undefined || !Array.isArray(r.values) || typeof o.resourceRecordValue !== "string"
            || r.values.some(v => typeof v === "string" && dnsName(v) === dnsName(o.resourceRecordValue!)));
        if (!answers) {
            problems.push(`certificate ${certificate.name} is validated by DNS but the stack has no record ${o.resourceRecordName} answering ${o.resourceRecordValue ?? "ACM's value"} for ${o.domainName}: ` +
                "ACM can't issue it, nor renew it later. Keep the validation record (components/dns/Certificate) for every name of the certificate");
        }
    }
    return problems;
}

export const albCertificateCoversNames = stackPolicy({
    name: "alb-certificate-covers-names",
    description: "Every DNS name that routes to one of the stack's load balancers or CloudFront distributions (an alias or CNAME, directly or through another record of the stack, including a failover SECONDARY that only reaches it after a failover) is covered by a certificate that endpoint presents (an HTTPS or TLS listener's certificate or listener certificates, a distribution's viewer certificate), matched as TLS clients match names: equal, or a wildcard standing for exactly one leftmost label. " +
        "A distribution also lists the name among its aliases, and a certificate ACM issues renews without an operator: it is validated by DNS (not EMAIL), and, when the stack validates it, keeps a validation record for each of its names.",
    enforcementLevel: "mandatory",
    onlyWith: RECORD,
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (traffic moves to the dr region under the application's name) and Security Maintenance`,
        fsbpControl: undefined,
        remediationSteps: "Add the name to the certificate's domainName or subjectAlternativeNames (components/dns/Certificate: the application's name and the region's own name), or use a wildcard one label above it; " +
            "keep the ACM validation record of every name (retained, allowOverwrite) and, for CloudFront, the name in the distribution's aliases.",
    },
    types: [RECORD, CERTIFICATE, VALIDATION, DISTRIBUTION, ...LOAD_BALANCER, ...LISTENER, ...LISTENER_CERTIFICATE],
    validate: (resources, report) => {
        const endpoints = endpointsOf(resources);
        if (endpoints.size === 0) return;
        const served = servedNames(routedRecords(resources, endpoints), new Map([...endpoints.keys()].map(k => [k, k])));
        const checked = new Set<PolicyResource>();
        for (const [key, names] of served) {
            const endpoint = endpoints.get(key)!;
            if (endpoint.aliases !== undefined) {
                for (const s of names.filter(n => !endpoint.aliases!.some(a => covers(a, n.name)))) {
                    report(`${describe(s)} routes to ${endpoint.label}, which does not list it among its aliases: CloudFront refuses requests for it. Add ${s.name} to the distribution's aliases.`, s.record.urn);
                }
            }
            if (endpoint.certificates === undefined) continue;
            const certificateNames = endpoint.certificates.flatMap(c => c.names);
            for (const s of uncovered(names, certificateNames)) {
                report(`${describe(s)} routes to ${endpoint.label}, whose certificates cover ${certificateNames.join(", ") || "no name"}: clients reaching it as ${s.name}` +
                    `${s.record.routing?.includes("SECONDARY") ? " (after a failover)" : ""} get a certificate name mismatch. Add ${s.name} to the certificate's domainName or subjectAlternativeNames, or a wildcard one label above it.`, s.record.urn);
            }
            for (const c of endpoint.certificates) {
                if (c.certificate === undefined || checked.has(c.certificate)) continue;
                checked.add(c.certificate);
                validationProblems(c.certificate, resources).forEach(p => report(`${p}.`, c.certificate!.urn));
            }
        }
    },
});

/** A served name's record, for messages. */
function describe(s: ServedName): string {
    return `record ${s.name}${s.record.routing ? ` (${s.record.routing})` : ""}`;
}
