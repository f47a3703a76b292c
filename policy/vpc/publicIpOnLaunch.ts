import { Props, resourcePolicy } from "../lib/define";
import { EC2_INSTANCE, LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE, SUBNET } from "../lib/tokens";
import { GUIDE_NETWORK } from "../network/ingress";

/** True for `true` and the launch template's string form `"true"`. */
function isTrue(value: unknown): boolean {
    return value === true || value === "true";
}

/** Why each type would give what it launches a public address, or nothing. */
const PUBLIC_ON_LAUNCH: Record<string, (props: Props) => string[]> = {
    [SUBNET[0]]: p => [
        ...(isTrue(p.mapPublicIpOnLaunch) ? ["mapPublicIpOnLaunch is true: every network interface launched in it gets a public IPv4 address"] : []),
        ...(isTrue(p.mapCustomerOwnedIpOnLaunch) ? ["mapCustomerOwnedIpOnLaunch is true"] : []),
    ],
    [EC2_INSTANCE[0]]: p => (isTrue(p.associatePublicIpAddress) ? ["associatePublicIpAddress is true"] : []),
    [LAUNCH_CONFIGURATION[0]]: p => (isTrue(p.associatePublicIpAddress) ? ["associatePublicIpAddress is true"] : []),
    [LAUNCH_TEMPLATE[0]]: p => (Array.isArray(p.networkInterfaces) ? p.networkInterfaces : [])
        .flatMap((ni: Props, i: number) => (isTrue(ni?.associatePublicIpAddress) ? [`networkInterfaces[${i}].associatePublicIpAddress is true`] : [])),
};

export const vpcNoPublicIpOnLaunch = resourcePolicy({
    name: "vpc-no-public-ip-on-launch",
    description: "Subnets, EC2 instances, launch templates and launch configurations do not hand out public IP addresses; only the load balancer and NAT gateways face the internet.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_NETWORK,
        fsbpControl: "EC2.15",
        remediationSteps: "Set mapPublicIpOnLaunch: false on subnets and associatePublicIpAddress: false on instances, launch templates' network interfaces and launch configurations; reach the internet through NAT and the ALB.",
    },
    types: [...SUBNET, ...EC2_INSTANCE, ...LAUNCH_TEMPLATE, ...LAUNCH_CONFIGURATION],
    validate: (props, report, { args }) => {
        for (const reason of PUBLIC_ON_LAUNCH[args.type]?.(props) ?? []) {
            report(`${reason}.`);
        }
    },
});
