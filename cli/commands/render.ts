import { parseAllDocuments, stringify } from 'yaml';
import { SriovIBNetworkSchema, SriovNetworkSchema } from '../../lib/model/sriov';
import { renderNad } from '../../lib/render/nad';
import { DEFAULT_RESOURCE_PREFIX } from '../../lib/model/sriov';
import { readInputs } from '../input';
import { parseCommandArgs } from '../usage';

const HELP = `Usage: ibnet render [--resource-prefix PREFIX] FILE...

Prints, as YAML, the NetworkAttachmentDefinitions that the SriovIBNetworks and SriovNetworks in
the files render to, exactly as the agent would create them. FILE may be a folder or - for stdin.

Options:
  --resource-prefix PREFIX  device-plugin resource prefix (default ${DEFAULT_RESOURCE_PREFIX})
  -h, --help                show this help

Exit status: 0 when every network rendered, 1 when one could not (fix it: ibnet lint FILE), 2 on
bad usage.`;

const SCHEMAS = { SriovIBNetwork: SriovIBNetworkSchema, SriovNetwork: SriovNetworkSchema };

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    'resource-prefix': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }

  const rendered: unknown[] = [];
  let failures = 0;
  for (const file of await readInputs(positionals)) {
    for (const [index, doc] of parseAllDocuments(file.text).entries()) {
      const where = `${file.path} (document ${index + 1})`;
      if (doc.errors.length > 0) {
        console.error(`${where}: not valid YAML: ${doc.errors[0]?.message ?? ''}`);
        failures++;
        continue;
      }
      const value: unknown = doc.toJS();
      const kind = (value as { kind?: unknown } | null)?.kind;
      if (kind !== 'SriovIBNetwork' && kind !== 'SriovNetwork') continue;

      const parsed = SCHEMAS[kind].safeParse(value);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        console.error(
          `${where}: ${kind} is not valid at ${first?.path.join('.') || '(root)'}: ${first?.message ?? ''}; run 'ibnet lint ${file.path}' for every problem and its fix`,
        );
        failures++;
        continue;
      }
      const result = renderNad(parsed.data, { resourcePrefix: values['resource-prefix'] });
      if (!result.ok) {
        for (const issue of result.issues) console.error(`${where}: ${issue.message}`);
        failures++;
        continue;
      }
      rendered.push(result.nad);
    }
  }

  process.stdout.write(rendered.map((nad) => stringify(nad)).join('---\n'));
  if (rendered.length === 0 && failures === 0) {
    console.error('ibnet render: no SriovIBNetwork or SriovNetwork found in the input');
  }
  return failures > 0 ? 1 : 0;
}
