/**
 * Personal data in a configuration value, by value: a person's email address, a phone number, or
 * a list of people's names. A plain (String/StringList) SSM parameter is shown in the console and
 * returned by ssm:GetParameter*, which AWS's ReadOnlyAccess grants, with no key policy in the way
 * and no retention: configuration is the wrong store for data about people. A SecureString under
 * a customer-managed key (decrypt granted to the service that needs it) or the database is.
 *
 * Role mailboxes (`noreply@`, `support@`, `alerts@`…) name a function, not a person, and stay
 * allowed; so do values that are not lists of names (a product name, "Project Alpha").
 */

/** Local parts of mailboxes that belong to a function of the organization rather than to a person. */
const ROLE_MAILBOXES = /^(no-?reply|do-?not-?reply|support|help|helpdesk|info|contact|hello|admin|administrator|root|postmaster|hostmaster|webmaster|abuse|security|secops|soc|ops|devops|sre|oncall|on-call|alerts?|alarms?|notifications?|notify|monitoring|billing|payments|accounts|invoices|finance|legal|privacy|dpo|compliance|team|staff|hr|jobs|careers|sales|marketing|press|news|newsletter|bounces?|mailer-daemon|system|bot|canary|aws|cloud|infra|platform|engineering|dev|it)([-+._].*)?$/i;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** An international or North American phone number with its separators (8 to 15 digits, E.164's bound). */
const PHONE = /(?:^|[\s,;:"'(])(\+\d[\d\s().-]{6,18}\d|\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4})(?=$|[\s,;"')])/g;

/** A person's name as lists write it: two or three capitalized words (`Alice Martin`, `Carla De Rossi`). */
const PERSON_NAME = /^[A-Z][a-zà-ÿ'’-]+(?: (?:[A-Z][a-zà-ÿ'’-]+|de|da|van|von|del|di|le|la)){1,2}$/;

/** The email addresses in a value that name a person (not a role mailbox). */
export function personalEmails(value: string): string[] {
    return (value.match(EMAIL) ?? []).filter(address => !ROLE_MAILBOXES.test(address.split("@")[0]));
}

/** The phone numbers in a value (8 to 15 digits). */
export function phoneNumbers(value: string): string[] {
    return [...value.matchAll(PHONE)].map(m => m[1]).filter(p => {
        const digits = p.replace(/\D/g, "").length;
        return digits >= 8 && digits <= 15;
    });
}

/** The entries of a list value (comma, semicolon or newline separated; JSON arrays of strings too). */
function entries(value: string): string[] {
    try {
        const parsed = JSON.parse(value);
        if (Array.isArray(parsed)) {
            return parsed.filter((e): e is string => typeof e === "string");
        }
    } catch {
        // not JSON: a delimited list
    }
    return value.split(/[,;\n]/).map(e => e.trim().replace(/\s*<[^>]*>$/, "")).filter(e => e !== "");
}

/** Whether a value is a list of at least two people's names. */
export function namesList(value: string): boolean {
    const list = entries(value);
    return list.length >= 2 && list.every(e => PERSON_NAME.test(e));
}

/** Why a configuration value holds personal data, or undefined when nothing in it looks personal. */
export function personalData(value: string): string | undefined {
    const found: string[] = [];
    const emails = personalEmails(value);
    if (emails.length > 0) {
        found.push(`${emails.length} personal email address${emails.length === 1 ? "" : "es"}`);
    }
    const phones = phoneNumbers(value);
    if (phones.length > 0) {
        found.push(`${phones.length} phone number${phones.length === 1 ? "" : "s"}`);
    }
    if (namesList(value)) {
        found.push("a list of people's names");
    }
    return found.length === 0 ? undefined : `holds personal data (${found.join(", ")})`;
}
