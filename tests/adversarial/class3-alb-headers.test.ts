/**
 * Class 3: the load balancer still answers, but what it does to every request and response is
 * no longer the design's (policy/lib/facts/edgeHeaders.ts): a listener inserts a security
 * header weaker than the app's (HSTS forgotten, a CSP open to any script, CORS for null or *),
 * the load balancer hands Django a client address the client wrote, or a listener rule opens a
 * route to anyone who sends a header, host, query or method (values every client writes).
 */
import { Case, add, edit, named, outputOf, suite, tags } from "./support";
import type { Change, ExportedResource } from "./support";

const ALB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const TG = "aws:lb/targetGroup:TargetGroup";

const https = named("alb-https");
const http = named("alb-http");
const lb = named("alb");
const header = (values: Record<string, unknown>) => edit(LISTENER, (p) => { Object.assign(p, values); }, https);
const hsts = (value: string) => header({ routingHttpResponseStrictTransportSecurityHeaderValue: value });
const csp = (value: string) => header({ routingHttpResponseContentSecurityPolicyHeaderValue: value });
const balancer = (values: Record<string, unknown>) => edit(ALB, (p) => { Object.assign(p, values); }, lb);

/** A listener rule on the prod HTTPS listener forwarding to the backend. */
const rule = (name: string, priority: number, conditions: object[], actions?: (rs: ExportedResource[]) => object[]): Change => (rs) => add(RULE, name, {
    listenerArn: outputOf(rs, LISTENER, "arn", https),
    priority,
    conditions,
    actions: actions ? actions(rs) : [{ type: "forward", targetGroupArn: outputOf(rs, TG, "arn", named("alb-backend")) }],
    tags: tags("load-balancer"),
})(rs);
const internal = { pathPattern: { values: ["/internal/*"] } };

const violations: Case[] = [
    // Response headers the listener sets (red team S).
    { name: "security headers: the HTTPS listener sends Strict-Transport-Security max-age=0, telling browsers to forget HSTS", change: hsts("max-age=0") },
    { name: "security headers: the listener overrides the app's CSP with script-src * 'unsafe-inline' 'unsafe-eval'", change: csp("default-src *; script-src * 'unsafe-inline' 'unsafe-eval'") },
    {
        name: "CORS at the listener: Access-Control-Allow-Origin 'null' with credentials",
        change: header({ routingHttpResponseAccessControlAllowOriginHeaderValue: "null", routingHttpResponseAccessControlAllowCredentialsHeaderValue: "true", routingHttpResponseAccessControlAllowMethodsHeaderValue: "GET,POST,PUT,DELETE" }),
    },
    // Other spellings and techniques of the same class.
    ...Object.entries({
        "HSTS for one day only": "max-age=86400; includeSubDomains",
        "HSTS with the max-age quoted as zero": "max-age=\"0\"; includeSubDomains",
        "HSTS without includeSubDomains (regional names not pinned)": "max-age=31536000; preload",
        "HSTS with max-age repeated, so browsers drop the header": "max-age=31536000; includeSubDomains; max-age=31536000",
        "HSTS value without max-age": "includeSubDomains",
    }).map(([name, value]): Case => ({ name, change: hsts(value) })),
    ...Object.entries({
        "CSP whose only script control is default-src with https:": "default-src 'self' https:; object-src 'none'",
        "CSP that names no script source at all": "frame-ancestors 'none'; img-src 'self'",
        "CSP with 'unsafe-eval' spelt in capitals": "default-src 'self'; script-src 'self' 'UNSAFE-EVAL'",
        "CSP allowing scripts from any CloudFront distribution": "default-src 'self'; script-src 'self' https://*.cloudfront.net",
        "CSP allowing scripts from a public CDN anyone can publish to": "default-src 'self'; script-src 'self' https://unpkg.com",
        "CSP allowing inline event handlers only": "default-src 'self'; script-src-attr 'unsafe-inline'",
        "CSP with workers from blob:": "default-src 'self'; worker-src blob:",
        "CSP that lets any site frame the pages": "default-src 'self'; frame-ancestors https:",
    }).map(([name, value]): Case => ({ name, change: csp(value) })),
    { name: "CORS origin * on every response", change: header({ routingHttpResponseAccessControlAllowOriginHeaderValue: "*" }) },
    { name: "CORS origin of a partner site with credentials", change: header({ routingHttpResponseAccessControlAllowOriginHeaderValue: "https://partner.example", routingHttpResponseAccessControlAllowCredentialsHeaderValue: "true" }) },
    { name: "CORS origin of the site itself over plain HTTP", change: header({ routingHttpResponseAccessControlAllowOriginHeaderValue: "http://app.expertconnect.example", routingHttpResponseAccessControlAllowCredentialsHeaderValue: "true" }) },
    { name: "CORS origin null set on the port-80 listener", change: edit(LISTENER, (p) => { p.routingHttpResponseAccessControlAllowOriginHeaderValue = "NULL"; }, http) },
    { name: "X-Frame-Options ALLOW-FROM (ignored by browsers, replaces the app's DENY)", change: header({ routingHttpResponseXFrameOptionsHeaderValue: "ALLOW-FROM https://partner.example" }) },
    { name: "X-Content-Type-Options replaced with a value browsers ignore", change: header({ routingHttpResponseXContentTypeOptionsHeaderValue: "none" }) },
    { name: "the TLS version request header renamed to X-Forwarded-Proto (Django reads every request as plain HTTP)", change: header({ routingHttpRequestXAmznTlsVersionHeaderName: "X-Forwarded-Proto" }) },
    { name: "the mTLS subject header renamed to X-Forwarded-For", change: header({ routingHttpRequestXAmznMtlsClientcertSubjectHeaderName: "x-forwarded-for" }) },
    { name: "dr: HSTS max-age=0 on the standby's listener", stack: "dr", change: hsts("max-age=0") },

    // Request processing by the load balancer.
    { name: "ALB X-Forwarded-For processing set to preserve: the client-supplied XFF reaches Django unchanged", change: balancer({ xffHeaderProcessingMode: "preserve" }) },
    { name: "ALB X-Forwarded-For processing set to remove: every client is the load balancer", change: balancer({ xffHeaderProcessingMode: "remove" }) },
    { name: "ALB X-Forwarded-For spelt PRESERVE", change: balancer({ xffHeaderProcessingMode: "PRESERVE" }) },
    { name: "ALB appends the client port to X-Forwarded-For (a new throttling key per connection)", change: balancer({ enableXffClientPort: true }) },
    { name: "ALB invalid header fields no longer dropped (property removed)", change: edit(ALB, (p) => { delete p.dropInvalidHeaderFields; }, lb) },
    { name: "dr: X-Forwarded-For preserved on the standby", stack: "dr", change: balancer({ xffHeaderProcessingMode: "preserve" }) },

    // Rules gated only by values the client writes.
    { name: "rule lets requests with header X-Internal: true reach /internal/* on the backend", change: rule("internal-header", 3, [{ httpHeader: { httpHeaderName: "X-Internal", values: ["true"] } }, internal]) },
    { name: "rule at priority 2 forwards any request with Host internal.expertconnect.example to the backend", change: rule("internal-vhost", 2, [{ hostHeader: { values: ["internal.expertconnect.example"] } }]) },
    { name: "Host-gated rule limited to /internal/* (the route check alone never requests it)", change: rule("internal-vhost", 2, [{ hostHeader: { values: ["internal.expertconnect.example"] } }, internal]) },
    { name: "query-string switch ?debug=1 opens /internal/*", change: rule("debug-query", 4, [{ queryStrings: [{ key: "debug", value: "1" }] }, internal]) },
    { name: "only DELETE requests to /internal/* forwarded (method is the client's choice)", change: rule("delete-only", 4, [{ httpRequestMethod: { values: ["DELETE"] } }, internal]) },
    { name: "header gate with a wildcard value and a regular-expression path", change: rule("ops", 4, [{ httpHeader: { httpHeaderName: "X-Ops-Token", values: ["*"] } }, { pathPattern: { regexValues: ["^/ops/.*"] } }]) },
    { name: "header gate plus a source range of 0.0.0.0/0 (no gate)", change: rule("internal-any", 3, [{ httpHeader: { httpHeaderName: "X-Internal", values: ["true"] } }, internal, { sourceIp: { values: ["0.0.0.0/0"] } }]) },
    { name: "header gate behind an OIDC action that lets anonymous requests through", change: rule("internal-oidc", 3, [{ httpHeader: { httpHeaderName: "X-Internal", values: ["true"] } }, internal], (rs) => [
        { type: "authenticate-oidc", order: 1, authenticateOidc: { authorizationEndpoint: "https://idp.example/auth", clientId: "x", clientSecret: "y", issuer: "https://idp.example", tokenEndpoint: "https://idp.example/token", userInfoEndpoint: "https://idp.example/userinfo", onUnauthenticatedRequest: "allow" } },
        { type: "forward", order: 2, targetGroupArn: outputOf(rs, TG, "arn", named("alb-backend")) },
    ]) },
];

const compliant: Case[] = [
    { name: "HTTPS listener adds Strict-Transport-Security max-age one year with includeSubDomains", change: hsts("max-age=31536000; includeSubDomains") },
    { name: "HSTS of two years with preload", change: hsts("max-age=63072000; includeSubDomains; preload") },
    { name: "HTTPS listener stops sending the Server header and adds X-Content-Type-Options: nosniff", change: header({ routingHttpResponseServerEnabled: false, routingHttpResponseXContentTypeOptionsHeaderValue: "nosniff" }) },
    { name: "a strict CSP at the listener (self, hashes, own names)", change: csp("default-src 'self'; script-src 'self' 'sha256-Zm9v' https://app.expertconnect.example; object-src 'none'; base-uri 'self'; frame-ancestors 'none'") },
    { name: "a CSP with nonces and strict-dynamic that lets images come from anywhere", change: csp("script-src 'nonce-abc123' 'strict-dynamic'; object-src 'none'; base-uri 'none'; img-src * data:") },
    { name: "CORS for the site's regional name with credentials", change: header({ routingHttpResponseAccessControlAllowOriginHeaderValue: "https://prod.app.expertconnect.example", routingHttpResponseAccessControlAllowCredentialsHeaderValue: "true", routingHttpResponseAccessControlMaxAgeHeaderValue: "600" }) },
    { name: "X-Frame-Options DENY", change: header({ routingHttpResponseXFrameOptionsHeaderValue: "DENY" }) },
    { name: "the TLS version header renamed for the app's logs", change: header({ routingHttpRequestXAmznTlsVersionHeaderName: "X-Client-Tls-Version" }) },
    { name: "ALB desync mitigation raised to strictest", change: balancer({ desyncMitigationMode: "strictest" }) },
    { name: "ALB X-Forwarded-For set to append explicitly, Host preserved, TLS headers added", change: balancer({ xffHeaderProcessingMode: "append", preserveHostHeader: true, enableTlsVersionAndCipherSuiteHeaders: true }) },
    { name: "/admin/* rule additionally restricted to the office CIDR", change: edit(RULE, (p) => { p.conditions = [...p.conditions, { sourceIp: { values: ["203.0.113.0/24"] } }]; }, named("alb-rule-110")) },
    { name: "header-gated /internal/* rule also limited to the office CIDR", change: rule("internal-office", 3, [{ httpHeader: { httpHeaderName: "X-Internal", values: ["true"] } }, internal, { sourceIp: { values: ["203.0.113.0/24", "198.51.100.7/32"] } }]) },
    { name: "canary by header: X-Canary sends /api/* to the backend (where the routes send it anyway)", change: rule("canary", 3, [{ httpHeader: { httpHeaderName: "X-Canary", values: ["1"] } }, { pathPattern: { values: ["/api/*"] } }]) },
    { name: "a header-gated maintenance page (fixed response, no target)", change: rule("maintenance-preview", 3, [{ httpHeader: { httpHeaderName: "X-Preview", values: ["maintenance"] } }, { pathPattern: { values: ["/maintenance/*"] } }], () => [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "maintenance", statusCode: "503" } }]) },
    { name: "fixed-response /robots.txt at priority 2", change: rule("robots", 2, [{ pathPattern: { values: ["/robots.txt"] } }], () => [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "User-agent: *\nDisallow: /admin/\n", statusCode: "200" } }]) },
    { name: "dr: the same HSTS as prod", stack: "dr", change: hsts("max-age=31536000; includeSubDomains") },
];

suite("class 3: what the load balancer does to every request and response", violations, compliant);
