/**
 * Settings by which a resource type the stacks do not use yet answers anyone on the internet, or
 * anyone at all without credentials: the rules network-not-public adds for API Gateway routes
 * and methods (and quick-create APIs), CloudFront without WAF, OpenSearch Serverless network policies,
 * SageMaker domains, DMS replication instances, MSK client authentication, Lightsail, SageMaker notebooks,
 * EMR's block public access, SSM documents and the legacy Elasticsearch domains. Each reads what
 * AWS does when the setting is left unset (Lightsail opens an unlisted port range to all
 * addresses, MSK without client authentication admits anyone, a notebook defaults to direct
 * internet access and root).
 */
import { Props } from "../lib/define";
import { ANYWHERE } from "../network/ingress";
import { at, Check, given, is, isNot, Rules } from "./checks";

/**
 * CORS preflight requests carry no credentials by design (browsers send them before the real
 * request), so an OPTIONS method or route answering without authorization is not a way in.
 */
function isPreflight(method: unknown): boolean {
    return String(method ?? "").toUpperCase() === "OPTIONS";
}

/**
 * An HTTP or WebSocket API route with authorizationType NONE (unset is NONE) lets anyone call
 * its integration (FSBP APIGateway.8). WebSocket routes other than $connect cannot take an
 * authorizer, the connection was authorized at $connect, so they are not judged: they are the
 * route keys without an HTTP method (`sendMessage`, `$disconnect`); HTTP routes are
 * `METHOD /path` or the catch-all `$default`.
 */
const routeAuthorized: Check = props => {
    const key = String(props.routeKey ?? "");
    const httpRoute = key === "$default" || /^\S+ \//.test(key);
    const webSocketConnect = key === "$connect";
    if (!(httpRoute || webSocketConnect) || isPreflight(key.split(" ")[0])) {
        return [];
    }
    const type = String(props.authorizationType ?? "NONE");
    return type.toUpperCase() === "NONE"
        ? [`authorizationType is ${JSON.stringify(props.authorizationType ?? "not set")}: anyone can call route ${JSON.stringify(key)}; set AWS_IAM, JWT or CUSTOM with an authorizer`]
        : [];
};

/**
 * An HTTP API made by quick create (`target`) gets a catch-all `$default` route without
 * authorization, served on the default execute-api endpoint unless that endpoint is disabled.
 */
const quickCreateClosed: Check = props => (typeof props.target === "string" && props.target !== "" && props.disableExecuteApiEndpoint !== true
    ? ["target is set (quick create): AWS adds a $default route without authorization in front of the integration; declare the route with an authorizer instead"]
    : []);

/** A serverless collection network policy rule with AllowFromPublic lets the internet reach the collections it names. */
const collectionsPrivate: Check = props => {
    if (String(props.type ?? "").toLowerCase() !== "network" || typeof props.policy !== "string") {
        return [];
    }
    let rules: unknown;
    try {
        rules = JSON.parse(props.policy);
    } catch {
        return ["policy is not valid JSON: AWS would reject it"];
    }
    return (Array.isArray(rules) ? rules : [rules]).flatMap((r, i) => ((r as Props)?.AllowFromPublic === true
        ? [`policy[${i}].AllowFromPublic is true: the collections and dashboards it names are reachable from the internet; name SourceVPCEs instead`]
        : []));
};

/** A REST API method with authorization NONE answers anyone (API keys identify callers, they do not authenticate them). */
const methodAuthorized: Check = props => (String(props.authorization ?? "NONE").toUpperCase() === "NONE" && !isPreflight(props.httpMethod)
    ? [`authorization is ${JSON.stringify(props.authorization ?? "not set")}: anyone can call ${String(props.httpMethod ?? "the method")}; set AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an authorizer`]
    : []);

/**
 * MSK admits unauthenticated clients when told to, and also when no client authentication is
 * configured at all (FSBP MSK.6): one of IAM, SCRAM or mutual TLS must be on, and unauthenticated off.
 */
export const kafkaClientsAuthenticated: Check = props => {
    if (at(props, "clientAuthentication.unauthenticated") === true) {
        return ["clientAuthentication.unauthenticated is true: any client that reaches a broker reads and writes topics without credentials"];
    }
    const cas = at(props, "clientAuthentication.tls.certificateAuthorityArns");
    const some = at(props, "clientAuthentication.sasl.iam") === true || at(props, "clientAuthentication.sasl.scram") === true || (Array.isArray(cas) && cas.length > 0);
    return some ? [] : ["clientAuthentication sets no IAM, SCRAM or TLS authentication: MSK then admits unauthenticated clients"];
};

/**
 * Lightsail instances sit outside the VPC's security groups: their public ports are the only
 * firewall. A port entry without cidrs, ipv6Cidrs or cidrListAliases is open to every address.
 * Lightsail instances serve the web themselves, so HTTP and HTTPS may face the internet; nothing else.
 */
const LIGHTSAIL_WEB_PORTS = [80, 443];

const lightsailPortsClosed: Check = props => {
    const infos = Array.isArray(props.portInfos) ? props.portInfos as Props[] : [];
    return infos.flatMap((p, i) => {
        const listed = [...asList(p.cidrs), ...asList(p.ipv6Cidrs), ...asList(p.cidrListAliases)];
        const open = listed.length === 0 || listed.some(c => ANYWHERE.includes(c));
        const web = String(p.protocol ?? "").toLowerCase() === "tcp" && p.fromPort === p.toPort && LIGHTSAIL_WEB_PORTS.includes(Number(p.fromPort));
        return open && !web
            ? [`portInfos[${i}] opens ${String(p.protocol)} ${String(p.fromPort)}-${String(p.toPort)} to every address${listed.length === 0 ? " (no cidrs given)" : ""}; only ${LIGHTSAIL_WEB_PORTS.join("/")} may face the internet, list known ranges for anything else`]
            : [];
    });
};

function asList(value: unknown): string[] {
    return Array.isArray(value) ? value.map(String) : [];
}

/** A document shared with "All" accounts is public (FSBP SSM.4): its content (commands, parameters, sometimes secrets) is readable by anyone. */
const documentPrivate: Check = props => {
    const ids = at(props, "permissions.accountIds");
    const list = Array.isArray(ids) ? ids.map(String) : String(ids ?? "").split(",");
    return list.some(id => id.trim().toLowerCase() === "all")
        ? ['permissions.accountIds includes "All": the document is public, any AWS account can read and run it']
        : [];
};

export const EXPOSURE: Rules = {
    "aws:apigatewayv2/route:Route": routeAuthorized,
    "aws:apigateway/method:Method": methodAuthorized,
    "aws:apigatewayv2/api:Api": quickCreateClosed,
    "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy": collectionsPrivate,
    // Unset is PublicInternetOnly: Studio apps reach (and are reached from) the internet outside the VPC.
    "aws:sagemaker/domain:Domain": isNot("appNetworkAccessType", ["PublicInternetOnly"], "PublicInternetOnly"),
    "aws:dms/replicationInstance:ReplicationInstance": isNot("publiclyAccessible", [true]),
    // A distribution without a web ACL puts the origin behind no managed rules nor rate limit (FSBP CloudFront.6).
    "aws:cloudfront/distribution:Distribution": given("webAclId", "the distribution answers the internet with no WAF web ACL (managed rules, rate limit) in front of its origins"),
    "aws:lightsail/instancePublicPorts:InstancePublicPorts": lightsailPortsClosed,
    "aws:lightsail/database:Database": isNot("publiclyAccessible", [true]),
    // Unset is Enabled for both (FSBP SageMaker.2, SageMaker.3).
    "aws:sagemaker/notebookInstance:NotebookInstance": (props, config) => [
        ...isNot("directInternetAccess", ["Enabled"], "Enabled")(props, config).map(m => `${m}: the notebook reaches and is reachable from the internet outside the VPC`),
        ...isNot("rootAccess", ["Enabled"], "Enabled")(props, config).map(m => `${m}: notebook users can change the instance's software and configuration`),
    ],
    "aws:emr/blockPublicAccessConfiguration:BlockPublicAccessConfiguration": is("blockPublicSecurityGroupRules", true),
    "aws:ssm/document:Document": documentPrivate,
    "aws:elasticsearch/domain:Domain": given("vpcOptions.subnetIds", "the domain gets a public endpoint"),
};
