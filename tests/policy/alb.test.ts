import { allowedSslPolicies } from "../../config/loadBalancer";
import { albAccessLogs } from "../../policy/alb/accessLogs";
import { albDeletionProtection } from "../../policy/alb/deletionProtection";
import { albDropInvalidHeaders } from "../../policy/alb/dropInvalidHeaders";
import { albHttpListenerRules } from "../../policy/alb/httpListenerRules";
import { albHttpRedirect } from "../../policy/alb/httpRedirect";
import { albListenerHeaders } from "../../policy/alb/responseHeaders";
import { albTlsPolicy } from "../../policy/alb/tlsPolicy";
import { albWafAssociated } from "../../policy/alb/waf";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, TAGS } from "./support/fixtures";
import { ResourceInput, StackResourceInput, UNKNOWN } from "./support/harness";

const LB_ARN = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/expertconnect-prod/abc`;

const loadBalancer: ResourceInput = {
    type: "aws:lb/loadBalancer:LoadBalancer",
    name: "alb",
    props: {
        name: "expertconnect-prod",
        loadBalancerType: "application",
        internal: false,
        securityGroups: ["sg-alb"],
        subnets: ["subnet-public-a", "subnet-public-b"],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
        accessLogs: { enabled: true, bucket: `expertconnect-prod-alb-logs-${ACCOUNT}`, prefix: "prod" },
        tags: TAGS,
    },
};

const asNetwork = { change: (r: ResourceInput) => { r.props.loadBalancerType = "network"; r.props.dropInvalidHeaderFields = false; r.props.accessLogs = { enabled: false, bucket: "" }; r.props.enableDeletionProtection = false; } };
const legacyToken = { change: (r: ResourceInput) => { r.type = "aws:alb/loadBalancer:LoadBalancer"; } };

const httpListener: ResourceInput = {
    type: "aws:lb/listener:Listener",
    name: "alb-http",
    props: {
        loadBalancerArn: LB_ARN, port: 80, protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        tags: TAGS,
    },
};

const httpsListener: ResourceInput = {
    type: "aws:lb/listener:Listener",
    name: "alb-https",
    props: {
        loadBalancerArn: LB_ARN, port: 443, protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc`,
        defaultActions: [{ type: "forward", targetGroupArn: "arn:tg/frontend" }],
        tags: TAGS,
    },
};

describe("alb-http-redirects-to-https", () => {
    resourceTable(albHttpRedirect, httpListener, {
        passes: { "the listener uses the legacy alb token": { change: r => { r.type = "aws:alb/listener:Listener"; } } },
        violations: {
            "port 80 forwards to the app": { change: r => { r.props.defaultActions = [{ type: "forward", targetGroupArn: "arn:tg/frontend" }]; }, message: /is forward, not a redirect/ },
            "port 80 redirects to HTTP": {
                change: r => { r.props.defaultActions = [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080", statusCode: "HTTP_301" } }]; }, message: /redirects to HTTP, not HTTPS/,
            },
            "the redirect keeps the request's protocol": {
                change: r => { r.props.defaultActions = [{ type: "redirect", redirect: { statusCode: "HTTP_302" } }]; }, message: /redirects to the same protocol/,
            },
            "the listener has no default action": { change: r => { r.props.defaultActions = []; }, message: /no default action/ },
        },
        notApplicable: { "the listener is HTTPS": { change: r => { Object.assign(r, structuredClone(httpsListener)); } } },
    });
});

describe("alb-tls-policy", () => {
    resourceTable(albTlsPolicy, httpsListener, {
        passes: {
            "the policy is TLS 1.3 only": { change: r => { r.props.sslPolicy = "ELBSecurityPolicy-TLS13-1-3-2021-06"; } },
            "a configured list allows the policy": { config: { allowedPolicies: ["ELBSecurityPolicy-TLS13-1-2-Res-2021-06"] } },
            // Every policy the stack config accepts must pass, or a valid config would be blocked.
            ...Object.fromEntries(allowedSslPolicies.map(policy =>
                [`stack config chooses ${policy}`, { change: (r: ResourceInput) => { r.props.sslPolicy = policy; } }])),
        },
        violations: {
            "no policy is set (AWS default 2016-08)": { change: r => delete r.props.sslPolicy, message: /sslPolicy is not set/ },
            "the policy allows TLS 1.0": { change: r => { r.props.sslPolicy = "ELBSecurityPolicy-2016-08"; }, message: /ELBSecurityPolicy-2016-08 is not allowed/ },
            "the policy allows CBC ciphers": { change: r => { r.props.sslPolicy = "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06"; }, message: /Ext1-2021-06 is not allowed/ },
            "a configured list excludes the policy": { config: { allowedPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] }, message: /Res-2021-06 is not allowed/ },
            "a network load balancer's TLS listener allows TLS 1.0": {
                change: r => { Object.assign(r.props, { protocol: "TLS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS-1-0-2015-04" }); }, message: /ELBSecurityPolicy-TLS-1-0-2015-04 is not allowed/,
            },
            "a network load balancer's TLS listener sets no policy": { change: r => { r.props.protocol = "TLS"; delete r.props.sslPolicy; }, message: /sslPolicy is not set/ },
        },
        notApplicable: {
            "the listener is plain HTTP": { change: r => { Object.assign(r, structuredClone(httpListener)); } },
            "a network load balancer's plain TCP listener": { change: r => { r.props.protocol = "TCP"; delete r.props.sslPolicy; } },
        },
    });
});

describe("alb-drop-invalid-headers", () => {
    resourceTable(albDropInvalidHeaders, loadBalancer, {
        passes: {
            "the load balancer uses the legacy alb token": legacyToken,
            "the type is left at its application default": { change: r => delete r.props.loadBalancerType },
            "desync mitigation is strictest": { change: r => { r.props.desyncMitigationMode = "strictest"; } },
            "desync mitigation spelt in capitals": { change: r => { r.props.desyncMitigationMode = "Defensive"; } },
            "X-Forwarded-For appended explicitly, without the client port": { change: r => { r.props.xffHeaderProcessingMode = "append"; r.props.enableXffClientPort = false; } },
            "the Host header preserved and TLS headers added (nothing the app relies on changes)": { change: r => { r.props.preserveHostHeader = true; r.props.enableTlsVersionAndCipherSuiteHeaders = true; } },
            "the X-Forwarded-For mode is unknown during preview": { change: r => { r.props.xffHeaderProcessingMode = UNKNOWN; } },
        },
        violations: {
            "invalid headers are forwarded": { change: r => delete r.props.dropInvalidHeaderFields, message: /dropInvalidHeaderFields is unset \(AWS default false\), not true/ },
            "desync mitigation only monitors": { change: r => { r.props.desyncMitigationMode = "monitor"; }, message: /desyncMitigationMode is monitor, not defensive or strictest/ },
            "invalid headers are explicitly forwarded": { change: r => { r.props.dropInvalidHeaderFields = false; }, message: /dropInvalidHeaderFields is false, not true/ },
            "the client's X-Forwarded-For is preserved": { change: r => { r.props.xffHeaderProcessingMode = "preserve"; }, message: /xffHeaderProcessingMode is preserve, not append: .*an address the attacker chooses/ },
            "X-Forwarded-For is removed": { change: r => { r.props.xffHeaderProcessingMode = "remove"; }, message: /xffHeaderProcessingMode is remove, not append/ },
            "X-Forwarded-For carries the client port": { change: r => { r.props.enableXffClientPort = true; }, message: /enableXffClientPort is true, not false: .*each connection as a new client/ },
        },
        notApplicable: { "it is a network load balancer": asNetwork },
    });
});

describe("alb-listener-headers", () => {
    const certificate: StackResourceInput = {
        type: "aws:acm/certificate:Certificate", name: "app-certificate",
        props: { domainName: "app.expertconnect.example", subjectAlternativeNames: ["prod.app.expertconnect.example"], validationMethod: "DNS" },
    };
    const stack: StackResourceInput[] = [
        { ...httpsListener, props: { ...httpsListener.props, routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains", routingHttpResponseXContentTypeOptionsHeaderValue: "nosniff" } },
        httpListener, certificate,
    ];
    const set = (values: Record<string, unknown>) => (s: StackResourceInput[]) => { Object.assign(named(s, "alb-https").props, values); };
    const csp = (value: string) => set({ routingHttpResponseContentSecurityPolicyHeaderValue: value });
    const cors = (origin: string, credentials = true) => set({ routingHttpResponseAccessControlAllowOriginHeaderValue: origin, ...(credentials ? { routingHttpResponseAccessControlAllowCredentialsHeaderValue: "true" } : {}) });
    stackTable(albListenerHeaders, stack, {
        passes: {
            "no header is set at the listener (the app's pass unchanged)": { change: s => { for (const k of Object.keys(named(s, "alb-https").props).filter(k => k.startsWith("routingHttp"))) delete named(s, "alb-https").props[k]; } },
            "HSTS of two years with preload": { change: set({ routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=63072000; includeSubDomains; preload" }) },
            "HSTS with a quoted max-age and other spacing": { change: set({ routingHttpResponseStrictTransportSecurityHeaderValue: "includeSubDomains;max-age=\"31536000\"" }) },
            "a strict CSP with a nonce-free hash and own names": { change: csp("default-src 'self'; script-src 'self' 'sha256-abc123=' https://app.expertconnect.example; object-src 'none'; base-uri 'self'; frame-ancestors 'none'") },
            "a CSP that keeps scripts to 'self' but lets images come from anywhere": { change: csp("default-src 'self'; img-src * data:") },
            "a weak and a strict policy in one value (both enforced)": { change: csp("script-src *, default-src 'self'") },
            "CORS for the site's own regional name with credentials": { change: cors("https://prod.app.expertconnect.example") },
            "CORS for the site's own name without credentials": { change: cors("https://app.expertconnect.example", false) },
            "X-Frame-Options DENY and SAMEORIGIN": { change: set({ routingHttpResponseXFrameOptionsHeaderValue: "SAMEORIGIN" }) },
            "the Server header removed": { change: set({ routingHttpResponseServerEnabled: false }) },
            "the TLS version header renamed to a name of its own": { change: set({ routingHttpRequestXAmznTlsVersionHeaderName: "X-Client-Tls-Version" }) },
            "the header values are unknown during preview": { change: set({ routingHttpResponseContentSecurityPolicyHeaderValue: UNKNOWN }) },
        },
        violations: {
            "HSTS max-age=0": { change: set({ routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=0" }), message: /alb-https: Strict-Transport-Security .* has max-age=0: browsers delete the site's HSTS entry/ },
            "HSTS for a day": { change: set({ routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=86400; includeSubDomains" }), message: /max-age=86400, less than the design's 31536000 s/ },
            "HSTS without includeSubDomains": { change: set({ routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000" }), message: /lacks includeSubDomains/ },
            "HSTS without max-age": { change: set({ routingHttpResponseStrictTransportSecurityHeaderValue: "includeSubDomains; preload" }), message: /has no valid max-age/ },
            "HSTS with max-age repeated (browsers drop the header)": { change: set({ routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains; max-age=0" }), message: /repeats max-age/ },
            "CSP with wildcard and unsafe script sources": { change: csp("default-src *; script-src * 'unsafe-inline' 'unsafe-eval'"), message: /script-src \(for script elements, inline event handlers, workers\) allows \* \(any origin\), 'unsafe-inline'/ },
            "CSP whose default-src is the script fallback and allows https:": { change: csp("default-src 'self' https:"), message: /default-src .* allows https: \(every URL of that scheme\)/ },
            "CSP with scripts from a public CDN": { change: csp("default-src 'self'; script-src 'self' https://cdn.jsdelivr.net"), message: /https:\/\/cdn\.jsdelivr\.net \(an origin the stack does not serve\)/ },
            "CSP with a wildcard host under the S3 domain": { change: csp("script-src 'self' *.s3.amazonaws.com; object-src 'none'"), message: /\*\.s3\.amazonaws\.com \(a wildcard host\)/ },
            "CSP with data: for scripts": { change: csp("script-src 'self' data:"), message: /data: \(every URL of that scheme\)/ },
            "CSP with no script directive at all": { change: csp("img-src 'self'; style-src 'self'"), message: /no script-src or default-src: script elements may come from any origin/ },
            "CSP with 'unsafe-hashes' for handlers": { change: csp("default-src 'self'; script-src-attr 'unsafe-hashes' 'sha256-x='"), message: /script-src-attr .* 'unsafe-hashes'/ },
            "CSP whose base-uri lets any page re-point relative scripts": { change: csp("default-src 'self'; base-uri *"), message: /base-uri \(for the document's base URL\) allows \*/ },
            "CSP with frame-ancestors for any site": { change: csp("default-src 'self'; frame-ancestors *"), message: /frame-ancestors allows \* \(any origin\) \(clickjacking\)/ },
            "CSP scripts from the own name over plain HTTP": { change: csp("script-src http://app.expertconnect.example"), message: /fetched without TLS/ },
            "CORS origin null with credentials": { change: cors("null"), message: /Access-Control-Allow-Origin .* is null: every sandboxed iframe .* logged-in users' responses/ },
            "CORS origin * ": { change: cors("*", false), message: /is \*: any web page reads the site's responses/ },
            "CORS origin of a partner site with credentials": { change: cors("https://partner.example"), message: /https:\/\/partner\.example, an origin the stack does not serve/ },
            "CORS origin of the own name over HTTP": { change: cors("http://app.expertconnect.example"), message: /an origin without TLS/ },
            "CORS origin with a wildcard": { change: cors("https://*.expertconnect.example"), message: /an origin the stack does not serve/ },
            "X-Frame-Options ALLOW-FROM (ignored by browsers)": { change: set({ routingHttpResponseXFrameOptionsHeaderValue: "ALLOW-FROM https://partner.example" }), message: /X-Frame-Options .* is ALLOW-FROM https:\/\/partner\.example: current browsers honour only DENY and SAMEORIGIN/ },
            "X-Content-Type-Options other than nosniff": { change: set({ routingHttpResponseXContentTypeOptionsHeaderValue: "sniff" }), message: /browsers act only on nosniff/ },
            "the TLS version header renamed to X-Forwarded-Proto": { change: set({ routingHttpRequestXAmznTlsVersionHeaderName: "X-Forwarded-Proto" }), message: /routingHttpRequestXAmznTlsVersionHeaderName renames .* X-Forwarded-Proto is a header the app/ },
            "two TLS headers renamed to one name": {
                change: set({ routingHttpRequestXAmznTlsVersionHeaderName: "X-Tls", routingHttpRequestXAmznTlsCipherSuiteHeaderName: "x-tls" }), message: /routingHttpRequestXAmznTlsVersionHeaderName renames a load-balancer request header: X-Tls is also the name given by routingHttpRequestXAmznTlsCipherSuiteHeaderName/,
            },
            "the port-80 listener sends a CORS wildcard": { change: s => { named(s, "alb-http").props.routingHttpResponseAccessControlAllowOriginHeaderValue = "*"; }, message: /listener alb-http: Access-Control-Allow-Origin/ },
        },
    });
});

describe("alb-access-logs", () => {
    resourceTable(albAccessLogs, loadBalancer, {
        passes: {
            "the load balancer uses the legacy alb token": legacyToken,
            "the log bucket's name is unknown during preview": { change: r => { (r.props.accessLogs as { bucket: string }).bucket = UNKNOWN; } },
        },
        violations: {
            "access logs are not configured": { change: r => delete r.props.accessLogs, message: /accessLogs.enabled is not true/ },
            "access logs are disabled": { change: r => { (r.props.accessLogs as { enabled: boolean }).enabled = false; }, message: /accessLogs.enabled is not true/ },
            "access logs have no bucket": { change: r => { (r.props.accessLogs as { bucket: string }).bucket = ""; }, message: /accessLogs.bucket is not set/ },
        },
        notApplicable: { "it is a network load balancer": asNetwork },
    });
});

describe("alb-deletion-protection", () => {
    resourceTable(albDeletionProtection, loadBalancer, {
        violations: {
            "deletion protection is unset": { change: r => delete r.props.enableDeletionProtection, message: /enableDeletionProtection is not true/ },
            "deletion protection is off": { change: r => { r.props.enableDeletionProtection = false; }, message: /enableDeletionProtection is not true/ },
            "the dr stack's load balancer (the failover target) is unprotected": { config: { environment: "dr" }, change: r => { r.props.enableDeletionProtection = false; }, message: /enableDeletionProtection is not true/ },
        },
        notApplicable: {
            "it is a network load balancer": asNetwork,
        },
    });
});

describe("alb-waf-associated", () => {
    const stack: StackResourceInput[] = [
        { ...loadBalancer, props: { ...loadBalancer.props, arn: LB_ARN } },
        { type: "aws:wafv2/webAcl:WebAcl", name: "waf", props: { name: "expertconnect-prod", scope: "REGIONAL", arn: "arn:waf/acl" } },
        {
            type: "aws:wafv2/webAclAssociation:WebAclAssociation", name: "waf-association",
            props: { resourceArn: LB_ARN, webAclArn: "arn:waf/acl" }, propertyDependencies: { resourceArn: ["alb"], webAclArn: ["waf"] },
        },
    ];
    const association = (s: StackResourceInput[]) => named(s, "waf-association");
    stackTable(albWafAssociated, stack, {
        passes: {
            "the association matches by ARN alone": { change: s => { delete association(s).propertyDependencies; } },
            "the association's ARNs are unknown during preview (both resources being created)": {
                change: s => { association(s).props.resourceArn = UNKNOWN; association(s).props.webAclArn = UNKNOWN; named(s, "alb").props.arn = UNKNOWN; },
            },
            "the association's target is unknown during preview": { change: s => { association(s).props.resourceArn = UNKNOWN; delete association(s).propertyDependencies; } },
            "the only load balancer is internal": { change: s => { s.splice(1); named(s, "alb").props.internal = true; } },
            "the load balancer fails closed explicitly": { change: s => { named(s, "alb").props.enableWafFailOpen = false; } },
            "an internal load balancer fails open": { change: s => { named(s, "alb").props.internal = true; named(s, "alb").props.enableWafFailOpen = true; } },
        },
        violations: {
            "there is no association": { change: s => { s.splice(1); }, message: /expertconnect-prod has no WAF web ACL association/ },
            "the load balancer fails open when WAF is unreachable": {
                change: s => { named(s, "alb").props.enableWafFailOpen = true; }, message: /expertconnect-prod has enableWafFailOpen true/,
            },
            "the association is for another resource": {
                change: s => { association(s).props.resourceArn = "arn:aws:apigateway:us-east-1::/restapis/x/stages/prod"; delete association(s).propertyDependencies; },
                message: /has no WAF web ACL association/,
            },
            "the association's resourceArn is repointed while its dependency still names the load balancer": {
                change: s => { association(s).props.resourceArn = `${LB_ARN.replace("expertconnect-prod/abc", "legacy/def")}`; },
                message: /expertconnect-prod has no WAF web ACL association/,
            },
            "the association names a web ACL the stack does not own": {
                change: s => { association(s).props.webAclArn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/legacy-open/1"; },
                message: /webAclArn names arn:aws:wafv2:us-east-1:123456789012:regional\/webacl\/legacy-open\/1, no web ACL of this stack/,
            },
            "the association joins the stack's web ACL to a resource the stack does not own": {
                change: s => { association(s).props.resourceArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/legacy/def"; delete association(s).propertyDependencies; },
                message: /resourceArn names .*legacy\/def, no resource of this stack/,
            },
            "a second load balancer lacks one": {
                change: s => { s.push({ ...structuredClone(s[0]), name: "alb-2", props: { ...structuredClone(s[0].props), name: "expertconnect-prod-2", arn: `${LB_ARN}-2` } }); },
                message: /expertconnect-prod-2 has no WAF/,
            },
        },
    });
});

describe("alb-http-listener-rules-redirect", () => {
    const HTTP_ARN = `${LB_ARN}/listener/http`;
    const HTTPS_ARN = `${LB_ARN}/listener/https`;
    const forward = [{ type: "forward", targetGroupArn: "arn:tg/backend" }];
    const stack: StackResourceInput[] = [
        { ...httpListener, props: { ...httpListener.props, arn: HTTP_ARN } },
        { ...httpsListener, props: { ...httpsListener.props, arn: HTTPS_ARN } },
        {
            type: "aws:lb/listenerRule:ListenerRule", name: "alb-api",
            props: { listenerArn: HTTPS_ARN, priority: 10, actions: forward, conditions: [{ pathPattern: { values: ["/api/*"] } }] },
            propertyDependencies: { listenerArn: ["alb-https"] },
        },
    ];
    const rule = (s: StackResourceInput[]) => named(s, "alb-api");
    const onHttp = (s: StackResourceInput[]) => { rule(s).props.listenerArn = HTTP_ARN; rule(s).propertyDependencies = { listenerArn: ["alb-http"] }; };
    const withCertificate = (s: StackResourceInput[]) => {
        s.push({ type: "aws:acm/certificate:Certificate", name: "app-certificate", props: { domainName: "app.expertconnect.example", subjectAlternativeNames: ["*.app.expertconnect.example"], validationMethod: "DNS" } });
    };
    stackTable(albHttpListenerRules, stack, {
        passes: {
            "a rule on the HTTP listener redirects to HTTPS": {
                change: s => { onHttp(s); rule(s).props.actions = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]; },
            },
            "the rule's actions are unknown during preview": { change: s => { onHttp(s); rule(s).props.actions = UNKNOWN; } },
            "a rule on the HTTPS listener redirects, keeping the protocol, to a name of the stack's certificate": {
                change: s => { withCertificate(s); rule(s).props.actions = [{ type: "redirect", redirect: { host: "docs.app.expertconnect.example", path: "/api/docs", statusCode: "HTTP_301" } }]; },
            },
            "a rule on the HTTPS listener redirects to another path of the same host": {
                change: s => { rule(s).props.actions = [{ type: "redirect", redirect: { path: "/api/v2/#{path}", statusCode: "HTTP_301" } }]; },
            },
        },
        violations: {
            "a forwarding rule sits on the HTTP listener": { change: onHttp, message: /alb-api on an HTTP listener does forward/ },
            "the rule finds its HTTP listener by ARN alone": {
                change: s => { onHttp(s); delete rule(s).propertyDependencies; }, message: /alb-api on an HTTP listener/,
            },
            "a rule on the HTTP listener redirects to plain HTTP": {
                change: s => { onHttp(s); rule(s).props.actions = [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080", statusCode: "HTTP_302" } }]; },
                message: /alb-api redirects to HTTP, not HTTPS/,
            },
            "a rule on the HTTPS listener redirects to plain HTTP on another host": {
                change: s => { rule(s).props.actions = [{ type: "redirect", redirect: { protocol: "HTTP", host: "legacy-api.expertconnect.example", port: "80", statusCode: "HTTP_302" } }]; },
                message: /alb-api redirects to HTTP, not HTTPS/,
            },
            "a rule on the HTTPS listener redirects over HTTPS to a host no certificate covers": {
                change: s => { withCertificate(s); rule(s).props.actions = [{ type: "redirect", redirect: { protocol: "HTTPS", host: "api.partner.example", statusCode: "HTTP_301" } }]; },
                message: /api\.partner\.example, which no certificate of the stack covers \(app\.expertconnect\.example, \*\.app\.expertconnect\.example\)/,
            },
            "a rule builds the host from the request": {
                change: s => { withCertificate(s); rule(s).props.actions = [{ type: "redirect", redirect: { protocol: "HTTPS", host: "#{host}.attacker.example", statusCode: "HTTP_301" } }]; },
                message: /built from the request/,
            },
            "the HTTP listener's default redirect keeps the request's protocol": {
                change: s => { s[0].props.defaultActions = [{ type: "redirect", redirect: { port: "443", statusCode: "HTTP_301" } }]; },
                message: /alb-http's default action redirects to the request's own protocol \(HTTP\)/,
            },
            "the HTTP listener's default redirect sends clients to another site over HTTPS": {
                change: s => { s[0].props.defaultActions = [{ type: "redirect", redirect: { protocol: "HTTPS", host: "expertconnect-landing.example", port: "443", statusCode: "HTTP_301" } }]; },
                message: /default action redirects to host expertconnect-landing\.example/,
            },
        },
    });
});
