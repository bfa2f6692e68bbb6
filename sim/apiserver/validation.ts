import { type FieldError, fieldForbidden, fieldInvalid, fieldRequired } from './errors';
import { getPath, isPlainObject, type KubeObject } from './object';
import { matchLabels, parseLabelSelector } from './selectors';

/** Validation of ObjectMeta and of the built-in kinds, with kube-apiserver's field paths and wording. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

export type NameRule = 'subdomain' | 'label' | 'path-segment';

/** How each built-in's names are checked; others are DNS-1123 subdomains. */
const NAME_RULES: Record<string, NameRule> = {
  namespaces: 'label',
  services: 'label',
  'roles.rbac.authorization.k8s.io': 'path-segment',
  'clusterroles.rbac.authorization.k8s.io': 'path-segment',
  'rolebindings.rbac.authorization.k8s.io': 'path-segment',
  'clusterrolebindings.rbac.authorization.k8s.io': 'path-segment',
};

function nameErrors(name: string, rule: NameRule, field: string): FieldError[] {
  if (rule === 'path-segment') {
    if (name === '.' || name === '..') return [fieldInvalid(field, name, `may not be '${name}'`)];
    const bad = ['/', '%'].find((c) => name.includes(c));
    return bad ? [fieldInvalid(field, name, `may not contain '${bad}'`)] : [];
  }
  const errors: FieldError[] = [];
  const max = rule === 'label' ? 63 : 253;
  if (name.length > max)
    errors.push(fieldInvalid(field, name, `must be no more than ${max} characters`));
  const re = rule === 'label' ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  if (!re.test(name)) {
    errors.push(fieldInvalid(field, name, rule === 'label' ? LABEL_MESSAGE : SUBDOMAIN_MESSAGE));
  }
  return errors;
}

function qualifiedNameErrors(key: string, field: string): FieldError[] {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  if (slash >= 0 && (prefix === '' || !DNS1123_SUBDOMAIN.test(prefix))) {
    return [fieldInvalid(field, key, `prefix part ${SUBDOMAIN_MESSAGE}`)];
  }
  if (name === '' || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return [
      fieldInvalid(
        field,
        key,
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ),
    ];
  }
  return [];
}

/** Validates ObjectMeta the way every kind's strategy does. */
export function validateMeta(
  obj: KubeObject,
  storageKey: string,
  namespaced: boolean,
): FieldError[] {
  const meta = obj.metadata;
  const errors: FieldError[] = [];
  if (!meta.name)
    errors.push({
      ...fieldRequired('metadata.name'),
      detail: 'Required value: name or generateName is required',
    });
  else
    errors.push(...nameErrors(meta.name, NAME_RULES[storageKey] ?? 'subdomain', 'metadata.name'));

  if (namespaced && !meta.namespace) errors.push(fieldRequired('metadata.namespace'));
  if (!namespaced && meta.namespace) {
    errors.push(fieldForbidden('metadata.namespace', 'not allowed on this type'));
  }

  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    errors.push(...qualifiedNameErrors(key, 'metadata.labels'));
    if (
      typeof value !== 'string' ||
      (value !== '' && (value.length > 63 || !QUALIFIED_NAME.test(value)))
    ) {
      errors.push(
        fieldInvalid(
          'metadata.labels',
          value,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
      );
    }
  }
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(meta.annotations ?? {})) {
    errors.push(...qualifiedNameErrors(key.toLowerCase(), 'metadata.annotations'));
    annotationBytes += key.length + String(value).length;
  }
  if (annotationBytes > 262144) {
    errors.push({
      type: 'FieldValueTooLong',
      field: 'metadata.annotations',
      detail: 'Too long: must have at most 262144 bytes',
    });
  }
  (meta.finalizers ?? []).forEach((f, i) => {
    errors.push(...qualifiedNameErrors(f, `metadata.finalizers[${i}]`));
  });
  (meta.ownerReferences ?? []).forEach((ref, i) => {
    for (const key of ['apiVersion', 'kind', 'name', 'uid'] as const) {
      if (!ref[key]) errors.push(fieldRequired(`metadata.ownerReferences[${i}].${key}`));
    }
  });
  if ((meta.ownerReferences ?? []).filter((r) => r.controller).length > 1) {
    errors.push(
      fieldInvalid(
        'metadata.ownerReferences',
        meta.ownerReferences,
        'Only one reference can have Controller set to true',
      ),
    );
  }
  return errors;
}

function containerErrors(spec: unknown, base: string): FieldError[] {
  const errors: FieldError[] = [];
  const containers = getPath(spec, ['containers']);
  if (!Array.isArray(containers) || containers.length === 0) {
    return [fieldRequired(`${base}.containers`)];
  }
  const names = new Set<string>();
  for (const list of ['initContainers', 'containers'] as const) {
    const items = getPath(spec, [list]);
    if (!Array.isArray(items)) continue;
    items.forEach((c: unknown, i) => {
      const path = `${base}.${list}[${i}]`;
      const name = getPath(c, ['name']);
      if (typeof name !== 'string' || name === '') errors.push(fieldRequired(`${path}.name`));
      else if (!DNS1123_LABEL.test(name))
        errors.push(fieldInvalid(`${path}.name`, name, LABEL_MESSAGE));
      else if (names.has(name)) {
        errors.push({
          type: 'FieldValueDuplicate',
          field: `${path}.name`,
          detail: `Duplicate value: "${name}"`,
        });
      } else names.add(name);
      if (typeof getPath(c, ['image']) !== 'string' || getPath(c, ['image']) === '') {
        errors.push(fieldRequired(`${path}.image`));
      }
    });
  }
  return errors;
}

function workloadErrors(obj: KubeObject): FieldError[] {
  const selector = getPath(obj, ['spec', 'selector']);
  if (!isPlainObject(selector)) return [fieldRequired('spec.selector')];
  const errors = containerErrors(getPath(obj, ['spec', 'template', 'spec']), 'spec.template.spec');
  const labels = (getPath(obj, ['spec', 'template', 'metadata', 'labels']) ?? {}) as Record<
    string,
    string
  >;
  const matchLabelsPart = (selector.matchLabels ?? {}) as Record<string, string>;
  const text = Object.entries(matchLabelsPart)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  if (!text && !Array.isArray(selector.matchExpressions)) {
    errors.push(
      fieldInvalid('spec.selector', selector, 'empty selector is invalid for deployment'),
    );
  } else if (text && !matchLabels(parseLabelSelector(text), labels)) {
    errors.push(
      fieldInvalid(
        'spec.template.metadata.labels',
        labels,
        '`selector` does not match template `labels`',
      ),
    );
  }
  return errors;
}

/** Kind-specific validation of the built-ins the cluster stores. */
export function validateBuiltin(
  obj: KubeObject,
  storageKey: string,
  old?: KubeObject,
): FieldError[] {
  switch (storageKey) {
    case 'pods':
      return containerErrors(obj.spec, 'spec');
    case 'deployments.apps':
    case 'daemonsets.apps':
      return workloadErrors(obj);
    case 'configmaps':
    case 'secrets':
      return dataKeyErrors(obj);
    case 'roles.rbac.authorization.k8s.io':
    case 'clusterroles.rbac.authorization.k8s.io':
      return ruleErrors(obj);
    case 'rolebindings.rbac.authorization.k8s.io':
    case 'clusterrolebindings.rbac.authorization.k8s.io':
      return bindingErrors(obj, old);
    case 'services':
      return Array.isArray(getPath(obj, ['spec', 'ports'])) ||
        getPath(obj, ['spec', 'clusterIP']) === 'None'
        ? []
        : [fieldRequired('spec.ports')];
    default:
      return [];
  }
}

function dataKeyErrors(obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['data', 'binaryData', 'stringData']) {
    const data = obj[field];
    if (data === undefined) continue;
    if (!isPlainObject(data)) {
      errors.push(fieldInvalid(field, data, 'must be a map of strings'));
      continue;
    }
    for (const [key, value] of Object.entries(data)) {
      if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
        errors.push(
          fieldInvalid(
            `${field}[${key}]`,
            key,
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
          ),
        );
      }
      if (typeof value !== 'string')
        errors.push(fieldInvalid(`${field}[${key}]`, value, 'must be a string'));
      else if (obj.kind === 'Secret' && field === 'data' && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
        errors.push(
          fieldInvalid(`${field}[${key}]`, '<secret contents redacted>', 'illegal base64 data'),
        );
      }
    }
  }
  return errors;
}

function ruleErrors(obj: KubeObject): FieldError[] {
  const rules = obj.rules;
  if (rules === undefined || rules === null) return [];
  if (!Array.isArray(rules)) return [fieldInvalid('rules', rules, 'must be a list')];
  const errors: FieldError[] = [];
  rules.forEach((rule: unknown, i) => {
    const verbs = getPath(rule, ['verbs']);
    if (!Array.isArray(verbs) || verbs.length === 0)
      errors.push(fieldRequired(`rules[${i}].verbs`));
    const urls = getPath(rule, ['nonResourceURLs']);
    const resources = getPath(rule, ['resources']);
    if (Array.isArray(urls) && urls.length > 0 && obj.kind === 'Role') {
      errors.push(
        fieldInvalid(
          `rules[${i}].nonResourceURLs`,
          urls,
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    }
    if (
      !(Array.isArray(urls) && urls.length > 0) &&
      !(Array.isArray(resources) && resources.length > 0)
    ) {
      errors.push(fieldRequired(`rules[${i}].resources`));
    }
  });
  return errors;
}

function bindingErrors(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const roleRef = obj.roleRef;
  if (!isPlainObject(roleRef)) return [fieldRequired('roleRef')];
  if (!roleRef.name) errors.push(fieldRequired('roleRef.name'));
  const kinds = obj.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(String(roleRef.kind))) {
    errors.push({
      type: 'FieldValueNotSupported',
      field: 'roleRef.kind',
      detail: `Unsupported value: ${JSON.stringify(roleRef.kind ?? '')}: supported values: ${kinds.map((k) => `"${k}"`).join(', ')}`,
    });
  }
  if (old && JSON.stringify(old.roleRef) !== JSON.stringify(roleRef)) {
    errors.push(fieldInvalid('roleRef', roleRef, 'cannot change roleRef'));
  }
  const subjects = obj.subjects;
  if (Array.isArray(subjects)) {
    subjects.forEach((s: unknown, i) => {
      const kind = getPath(s, ['kind']);
      if (!['User', 'Group', 'ServiceAccount'].includes(String(kind))) {
        errors.push({
          type: 'FieldValueNotSupported',
          field: `subjects[${i}].kind`,
          detail: `Unsupported value: ${JSON.stringify(kind ?? '')}: supported values: "ServiceAccount", "User", "Group"`,
        });
      }
      if (!getPath(s, ['name'])) errors.push(fieldRequired(`subjects[${i}].name`));
    });
  }
  return errors;
}

/** Extra checks for a CustomResourceDefinition that the apiextensions strategy makes. */
export function validateCrd(obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const spec = obj.spec;
  if (!isPlainObject(spec)) return [fieldRequired('spec')];
  const group = spec.group;
  const names = isPlainObject(spec.names) ? spec.names : {};
  if (typeof group !== 'string' || !group.includes('.')) {
    errors.push(
      fieldInvalid('spec.group', group ?? '', 'should be a domain with at least one dot'),
    );
  }
  if (!names.plural) errors.push(fieldRequired('spec.names.plural'));
  if (!names.kind) errors.push(fieldRequired('spec.names.kind'));
  if (obj.metadata.name !== `${String(names.plural)}.${String(group)}`) {
    errors.push(
      fieldInvalid('metadata.name', obj.metadata.name, 'must be spec.names.plural+"."+spec.group'),
    );
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    errors.push({
      type: 'FieldValueNotSupported',
      field: 'spec.scope',
      detail: `Unsupported value: ${JSON.stringify(spec.scope ?? '')}: supported values: "Cluster", "Namespaced"`,
    });
  }
  const versions = Array.isArray(spec.versions) ? (spec.versions as unknown[]) : [];
  if (versions.length === 0) errors.push(fieldRequired('spec.versions'));
  const storage = versions.filter((v) => getPath(v, ['storage']) === true).length;
  if (versions.length > 0 && storage !== 1) {
    errors.push(
      fieldInvalid(
        'spec.versions',
        versions.length,
        'must have exactly one version marked as storage version',
      ),
    );
  }
  versions.forEach((v, i) => {
    if (!getPath(v, ['name'])) errors.push(fieldRequired(`spec.versions[${i}].name`));
    if (!isPlainObject(getPath(v, ['schema', 'openAPIV3Schema']))) {
      errors.push(fieldRequired(`spec.versions[${i}].schema.openAPIV3Schema`));
    }
  });
  return errors;
}
