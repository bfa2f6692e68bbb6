'use client';

import { Button } from '@/components/common/ui';
import { type JsonPath } from './json-text';
import {
  addRange,
  rangeRows,
  removeRange,
  setIpamField,
  setRangeField,
  suggestRange,
  type RangePreview,
} from './ipam-model';
import { ListField, TextField } from './fields';
import { DnsField, type IpamFormProps, PairRows, RoutesField, at, str } from './IpamFields';

function sameRow(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((p, i) => b[i] === p);
}

function RangeSummary({ preview }: { preview?: RangePreview }) {
  if (!preview) return null;
  if (preview.firstUsable === '') {
    return (
      <p className="text-xs text-red-700 dark:text-red-400">No usable address in {preview.cidr}.</p>
    );
  }
  return (
    <p className="text-xs text-slate-600 dark:text-slate-400">
      {preview.family} · {preview.firstUsable} – {preview.lastUsable} · {preview.usable} usable
      {preview.poolName ? ` · IPPool ${preview.poolName}` : ''}
    </p>
  );
}

/** whereabouts: several ranges (dual stack), excludes, network_name, gateway, routes, DNS. */
export function WhereaboutsForm(props: IpamFormProps) {
  const { value, text, onChange, disabled, onReveal } = props;
  const rows = rangeRows(value);
  return (
    <div className="space-y-3">
      <div>
        <h4 className="text-sm font-medium">Ranges</h4>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Each pod gets one address from every range: one IPv4 and one IPv6 range make it dual
          stack. The lowest free address is handed out; the network and all-ones addresses never.
        </p>
        {rows.length === 0 && (
          <p className="mt-1 text-sm text-amber-800 dark:text-amber-300">
            No range yet: whereabouts fails every pod until one is added.
          </p>
        )}
        <ol className="mt-2 space-y-2">
          {rows.map((row, i) => (
            <li
              key={row.path.join('.') || 'top'}
              className="rounded-md border border-slate-200 p-2 dark:border-slate-700"
            >
              <fieldset disabled={disabled} className="space-y-2">
                <legend className="text-xs font-semibold text-slate-700 dark:text-slate-300">
                  Range {i + 1}
                  <span className="font-normal text-slate-500">
                    {' '}
                    ({row.path.length === 0 ? 'range' : `ipRanges[${String(row.path[1])}]`})
                  </span>
                </legend>
                <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
                  <div className="sm:col-span-3">
                    <TextField
                      label={`Range ${i + 1} CIDR`}
                      value={row.range}
                      placeholder="192.168.10.0/24 or 2001:db8::/64"
                      onCommit={(v) => onChange(setRangeField(text, row, 'range', v))}
                      messages={at(props, [...row.path, 'range'])}
                      onReveal={onReveal}
                    />
                  </div>
                  <TextField
                    label="First address (range_start)"
                    value={row.range_start}
                    onCommit={(v) => onChange(setRangeField(text, row, 'range_start', v))}
                    messages={at(props, [...row.path, 'range_start'])}
                    onReveal={onReveal}
                  />
                  <TextField
                    label="Last address (range_end)"
                    value={row.range_end}
                    onCommit={(v) => onChange(setRangeField(text, row, 'range_end', v))}
                    messages={at(props, [...row.path, 'range_end'])}
                    onReveal={onReveal}
                  />
                  <ListField
                    label="Exclude"
                    values={row.exclude}
                    placeholder="192.168.10.0/28, 192.168.10.254"
                    onCommit={(v) => onChange(setRangeField(text, row, 'exclude', v))}
                    messages={at(props, [...row.path, 'exclude'])}
                    onReveal={onReveal}
                  />
                </div>
                <RangeSummary preview={props.previews.find((p) => sameRow(p.path, row.path))} />
                <Button
                  variant="ghost"
                  onClick={() => onChange(removeRange(text, row))}
                  aria-label={`Remove range ${i + 1}`}
                >
                  Remove range
                </Button>
              </fieldset>
            </li>
          ))}
        </ol>
        <Button
          className="mt-2"
          disabled={disabled}
          onClick={() => onChange(addRange(text, suggestRange(rows)))}
        >
          Add range
        </Button>
      </div>
      <fieldset disabled={disabled} className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <TextField
          label="Pool name (network_name)"
          value={str(value.network_name)}
          help="Networks with the same network_name share one pool; a different name keeps a separate pool for the same CIDR."
          onCommit={(v) => onChange(setIpamField(text, ['network_name'], v))}
          messages={at(props, ['network_name'])}
          onReveal={onReveal}
        />
        <TextField
          label="Gateway"
          value={str(value.gateway)}
          help="One gateway for all families."
          onCommit={(v) => onChange(setIpamField(text, ['gateway'], v))}
          messages={at(props, ['gateway'])}
          onReveal={onReveal}
        />
        <label className="flex items-start gap-2 text-sm sm:col-span-2">
          <input
            type="checkbox"
            className="mt-1"
            checked={value.enable_overlapping_ranges !== false}
            onChange={(e) =>
              onChange(
                setIpamField(
                  text,
                  ['enable_overlapping_ranges'],
                  e.target.checked ? undefined : false,
                ),
              )
            }
          />
          <span>
            Check overlapping ranges cluster-wide (enable_overlapping_ranges)
            <span className="block text-xs text-slate-600 dark:text-slate-400">
              On by default: an address held through another pool with an overlapping range is not
              handed out twice.
            </span>
          </span>
        </label>
      </fieldset>
      <RoutesField {...props} />
      <DnsField {...props} />
    </div>
  );
}

/** static: the interface's addresses with gateways; per-pod `ips` replace them. */
export function StaticForm(props: IpamFormProps & { ipsCapability: boolean }) {
  return (
    <div className="space-y-3">
      <div>
        <h4 className="text-sm font-medium">Addresses</h4>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {props.ipsCapability
            ? 'Pods that list "ips" in their network request get those addresses instead of these.'
            : 'Every pod gets these same addresses: fine for one pod per link. For more, declare the ips capability and let each pod bring its own.'}
        </p>
        <PairRows
          {...props}
          field="addresses"
          noun="address"
          first={{
            key: 'address',
            label: (n) => `Address ${n} (with prefix)`,
            placeholder: '192.168.10.2/24',
          }}
          second={{ key: 'gateway', label: 'Gateway' }}
        />
      </div>
      <RoutesField {...props} />
      <DnsField {...props} />
    </div>
  );
}

/** host-local: one subnet per node; warns that nodes hand out the same addresses. */
export function HostLocalForm(props: IpamFormProps) {
  const { value, text, onChange, disabled, onReveal } = props;
  return (
    <div className="space-y-3">
      <p className="rounded-md bg-amber-50 p-2 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
        host-local keeps its allocations on each node, so two nodes hand out the same addresses from
        the same subnet. Use it only for a network on one node, or give each node its own network;
        whereabouts allocates cluster-wide.
      </p>
      {value.ranges !== undefined && (
        <p className="text-xs text-slate-700 dark:text-slate-300">
          This config uses <code>ranges</code> (range sets); edit those in the JSON editor.
        </p>
      )}
      <fieldset disabled={disabled} className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <legend className="sr-only">host-local subnet</legend>
        <div className="sm:col-span-2">
          <TextField
            label="Subnet"
            value={str(value.subnet)}
            placeholder="192.168.10.0/24"
            help="No host bits: 192.168.10.0/24, not 192.168.10.5/24."
            onCommit={(v) => onChange(setIpamField(text, ['subnet'], v))}
            messages={at(props, ['subnet'])}
            onReveal={onReveal}
          />
        </div>
        <TextField
          label="First address (rangeStart)"
          value={str(value.rangeStart)}
          onCommit={(v) => onChange(setIpamField(text, ['rangeStart'], v))}
          messages={at(props, ['rangeStart'])}
          onReveal={onReveal}
        />
        <TextField
          label="Last address (rangeEnd)"
          value={str(value.rangeEnd)}
          onCommit={(v) => onChange(setIpamField(text, ['rangeEnd'], v))}
          messages={at(props, ['rangeEnd'])}
          onReveal={onReveal}
        />
        <TextField
          label="Gateway"
          value={str(value.gateway)}
          help="Defaults to the subnet's first address, which is then never handed out."
          onCommit={(v) => onChange(setIpamField(text, ['gateway'], v))}
          messages={at(props, ['gateway'])}
          onReveal={onReveal}
        />
      </fieldset>
      <RoutesField {...props} />
    </div>
  );
}
