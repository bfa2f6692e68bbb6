import { isPlainObject, type KubeObject } from './object';
import type { StoreCore } from './store-core';

/** Who is making a request, as kube's user.Info. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** What a request does, as kube's authorizer.Attributes. */
export interface Attributes {
  user: UserInfo;
  verb: string;
  /** False for non-resource paths like /version. */
  resourceRequest: boolean;
  path: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

interface RoleRef {
  kind: string;
  name: string;
}

const RBAC = 'rbac.authorization.k8s.io';

function appliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      return ns !== '' && user.username === `system:serviceaccount:${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}

function has(list: string[] | undefined, value: string): boolean {
  return !!list && (list.includes('*') || list.includes(value));
}

function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const resources = rule.resources ?? [];
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of resources) {
    if (r === '*' || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
    if (subresource && r === `${resource}/*`) return true;
  }
  return false;
}

/** Whether one policy rule allows the request (kube's RuleAllows). */
export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) {
    return (rule.nonResourceURLs ?? []).some(
      (u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.slice(0, -1))),
    );
  }
  if (!has(rule.apiGroups, a.apiGroup)) return false;
  if (!resourceMatches(rule, a.resource, a.subresource)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (a.name !== '' && names.includes(a.name));
}

function rulesOf(obj: KubeObject | undefined): PolicyRule[] {
  const rules = obj?.rules;
  return Array.isArray(rules) ? (rules.filter(isPlainObject) as unknown as PolicyRule[]) : [];
}

/**
 * RBAC over the stored Roles, ClusterRoles and their bindings, read live on every request so a
 * new binding takes effect at once, as with kube's informer-backed authorizer.
 */
export class RbacAuthorizer {
  constructor(private readonly core: StoreCore) {}

  private role(ref: RoleRef, namespace: string): KubeObject | undefined {
    if (ref.kind === 'ClusterRole')
      return this.core.slot(`clusterroles.${RBAC}`, '', ref.name)?.current.obj;
    if (ref.kind === 'Role')
      return this.core.slot(`roles.${RBAC}`, namespace, ref.name)?.current.obj;
    return undefined;
  }

  /** Every rule granted to the user cluster-wide, plus in the namespace when given. */
  *rules(user: UserInfo, namespace: string): Iterable<{ rule: PolicyRule; clusterWide: boolean }> {
    for (const s of this.core.slots(`clusterrolebindings.${RBAC}`)) {
      const b = s.current.obj;
      const subjects = (b.subjects ?? []) as Subject[];
      if (!subjects.some((sub) => appliesTo(user, sub, ''))) continue;
      for (const rule of rulesOf(this.role(b.roleRef as RoleRef, '')))
        yield { rule, clusterWide: true };
    }
    if (!namespace) return;
    for (const s of this.core.slots(`rolebindings.${RBAC}`, namespace)) {
      const b = s.current.obj;
      const subjects = (b.subjects ?? []) as Subject[];
      if (!subjects.some((sub) => appliesTo(user, sub, namespace))) continue;
      for (const rule of rulesOf(this.role(b.roleRef as RoleRef, namespace)))
        yield { rule, clusterWide: false };
    }
  }

  /** kube's RBAC decision: allowed when any bound rule allows it. */
  authorize(a: Attributes): boolean {
    if (a.user.groups.includes('system:masters')) return true;
    for (const { rule } of this.rules(a.user, a.resourceRequest ? a.namespace : '')) {
      if (ruleAllows(rule, a)) return true;
    }
    return false;
  }

  /** The rules a SelfSubjectRulesReview reports for a namespace. */
  rulesReview(
    user: UserInfo,
    namespace: string,
  ): { resourceRules: PolicyRule[]; nonResourceRules: PolicyRule[] } {
    const resourceRules: PolicyRule[] = [];
    const nonResourceRules: PolicyRule[] = [];
    for (const { rule } of this.rules(user, namespace)) {
      if ((rule.nonResourceURLs?.length ?? 0) > 0) {
        nonResourceRules.push({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs });
      } else {
        resourceRules.push({
          verbs: rule.verbs,
          apiGroups: rule.apiGroups ?? [],
          resources: rule.resources ?? [],
          ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}),
        });
      }
    }
    return { resourceRules, nonResourceRules };
  }
}

/** kube's forbidden reason text for a denied request. */
export function forbiddenReason(a: Attributes): string {
  if (!a.resourceRequest) return `User "${a.user.username}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${a.user.username}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${scope}`;
}
