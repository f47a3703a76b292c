import { resourcePolicy } from "../lib/define";
import { LISTENER } from "../lib/tokens";
import { GUIDE_ALB } from "./loadBalancer";

/**
 * TLS 1.2+ policies without CBC ciphers: the TLS 1.3 policies (plain, FIPS and post-quantum) and
 * the restricted forward-secrecy one. The Ext and 2016-08 policies still allow weak ciphers.
 */
const ALLOWED_TLS_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
];

/** Listener protocols that terminate TLS with an ELB security policy. */
const TERMINATES_TLS = ["HTTPS", "TLS"];

export const albTlsPolicy = resourcePolicy<{ allowedPolicies: string[] }>({
    name: "alb-tls-policy",
    description: "HTTPS listeners (ALB) and TLS listeners (NLB) use a TLS security policy from the allowed list (TLS 1.2+ without CBC ciphers).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_ALB,
        fsbpControl: "ELB.17",
        remediationSteps: "Set sslPolicy to one of the allowed policies, e.g. ELBSecurityPolicy-TLS13-1-2-Res-2021-06 (without sslPolicy the API default is ELBSecurityPolicy-2016-08).",
    },
    config: {
        allowedPolicies: { type: "array", items: { type: "string", pattern: "^ELBSecurityPolicy-" }, minItems: 1, uniqueItems: true, default: ALLOWED_TLS_POLICIES, description: "ELB security policies HTTPS and TLS listeners may use." },
    },
    types: LISTENER,
    validate: (props, report, { config, args }) => {
        // A network load balancer's TLS listener terminates TLS like an HTTPS one (ELB.17 covers both).
        if (!TERMINATES_TLS.includes(props.protocol)) {
            return args.notApplicable(`listener protocol ${props.protocol ?? "unset"}`);
        }
        if (typeof props.sslPolicy !== "string") {
            report("sslPolicy is not set: AWS would use ELBSecurityPolicy-2016-08, which allows TLS 1.0.");
        } else if (!config.allowedPolicies.includes(props.sslPolicy)) {
            report(`sslPolicy ${props.sslPolicy} is not allowed; use one of ${config.allowedPolicies.join(", ")}.`);
        }
    },
});
