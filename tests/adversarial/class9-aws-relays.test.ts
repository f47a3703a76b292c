/**
 * Class 9: alarm subscriptions to an endpoint AWS itself runs (AWS Chatbot's SNS intake, a
 * regional service endpoint) are allowed: the service routes them by its own configuration in the
 * account. A customer's host under amazonaws.com (an API Gateway stage, a bucket website, a load
 * balancer) and plain http stay refused.
 */
import { add, Case, suite } from "./support";

const SUB = "aws:sns/topicSubscription:TopicSubscription";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:expertconnect-alarms";
const subscribe = (name: string, protocol: string, endpoint: string) => add(SUB, name, { topic: TOPIC, protocol, endpoint });

const violations: Case[] = [
    { name: "alarms to someone's API Gateway stage", change: subscribe("alarms-apigw", "https", "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/hook") },
    { name: "alarms to a bucket website", change: subscribe("alarms-site", "https", "https://relay.s3-website-us-east-1.amazonaws.com/") },
    { name: "alarms to AWS Chatbot over plain http", change: subscribe("alarms-chatbot-http", "http", "http://global.sns-api.chatbot.amazonaws.com") },
];

const compliant: Case[] = [
    { name: "AWS Chatbot subscription on the alarm topic", change: subscribe("alarms-chatbot", "https", "https://global.sns-api.chatbot.amazonaws.com") },
];

suite("adversarial class 9: alarm subscriptions to endpoints AWS runs", violations, compliant);
