import { ResourceValidationArgs } from "@pulumi/policy";

import { Props } from "../lib/define";

/** The guide's section that asks for request throttling at the edge and HTTPS-only traffic. */
export const GUIDE_ALB = "Performance Optimization › Application Optimization (request throttling) and Security Maintenance";

/** Application load balancers only: the rules here do not apply to network or gateway load balancers. */
export function requireApplication(props: Props, args: ResourceValidationArgs): void {
    const type = props.loadBalancerType ?? "application";
    if (type !== "application") {
        args.notApplicable(`load balancer type ${type}`);
    }
}

/** A listener or listener-rule action, with the fields the HTTPS rules inspect. */
export interface ListenerAction {
    type?: string;
    redirect?: { protocol?: string; host?: string };
}
