// Kubernetes manifests as text: multi-document YAML quoted for YAML 1.1, which is how Kubernetes
// reads them (an unquoted 2025-01-01 is a timestamp there, `no` a boolean), with no anchors (every
// reader sees plain objects), under a header of `#` comment lines.
export async function k8sYaml(docs: object[], header: string[]): Promise<string> {
  const { stringify } = await import('yaml')
  const body = docs.map((d) => stringify(d, { lineWidth: 0, version: '1.1', aliasDuplicateObjects: false })).join('---\n')
  return `${header.map((l) => `# ${l}`.trimEnd()).join('\n')}\n${body}`
}
