#!/usr/bin/env node
// The simulated node's `ip`: the part of iproute2 the node configurator uses, acting on the
// simulated sysfs tree the way the kernel would. Plain JavaScript with synchronous I/O so that it
// starts fast. Usage: ip-standin.mjs --sysfs-root DIR --state DIR [ip arguments…]

import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

const IPOIB = { max: 4092, min: 68 };
const ETHERNET = { max: 9978, min: 68 };
const ZERO_GUID = '00:00:00:00:00:00:00:00';
const IB_VF_ADDRESS = '00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00';
const IPOIB_BROADCAST = '00:ff:ff:ff:ff:12:40:1b:ff:ff:00:00:00:00:00:00:ff:ff:ff:ff';

class IpError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

const fail = (message, code = 2) => {
  throw new IpError(message, code);
};

function read(path, fallback = '') {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return fallback;
  }
}

/** Every netdev in the tree, from class/net, with where its files are. */
function netdevs(root) {
  const classNet = join(root, 'class/net');
  const names = existsSync(classNet) ? readdirSync(classNet) : [];
  return names
    .map((name) => describe(root, name))
    .filter(Boolean)
    .sort((a, b) => a.ifindex - b.ifindex);
}

function describe(root, name) {
  let dir;
  try {
    dir = realpathSync(join(root, 'class/net', name));
  } catch {
    return undefined;
  }
  const pciDir = dirname(dirname(dir));
  const type = read(join(dir, 'type'), '32');
  return {
    name,
    dir,
    pciDir,
    pci: basename(pciDir),
    ifindex: Number(read(join(dir, 'ifindex'), '0')),
    mtu: Number(read(join(dir, 'mtu'), '0')),
    operstate: read(join(dir, 'operstate'), 'down'),
    carrier: read(join(dir, 'carrier'), '0') === '1',
    ib: type === '32',
    address: read(join(dir, 'address')),
    broadcast: read(join(dir, 'broadcast')),
  };
}

function findDev(root, name, missing) {
  const dev = netdevs(root).find((d) => d.name === name);
  if (!dev) fail(missing, 1);
  return dev;
}

/** VF indexes of a PF, from its virtfn links. */
function virtfns(dev) {
  return readdirSync(dev.pciDir)
    .filter((f) => /^virtfn\d+$/.test(f))
    .map((f) => ({ index: Number(f.slice(6)), pci: basename(readlinkSync(join(dev.pciDir, f))) }))
    .sort((a, b) => a.index - b.index);
}

function adminPath(state, pfPci, index) {
  return join(state, 'vf', pfPci, `${index}.json`);
}

function readAdmin(state, pfPci, index) {
  try {
    return JSON.parse(readFileSync(adminPath(state, pfPci, index), 'utf8'));
  } catch {
    return {};
  }
}

function writeAdmin(state, pfPci, index, change) {
  const path = adminPath(state, pfPci, index);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ ...readAdmin(state, pfPci, index), ...change }));
}

/** iproute2's GUID syntax: eight hex bytes separated by colons. */
function parseGuid(text) {
  const parts = text.split(':');
  if (parts.length !== 8 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    fail(`Error: argument "${text}" is wrong: Invalid GUID format`);
  }
  return parts.map((p) => p.toLowerCase().padStart(2, '0')).join(':');
}

/** The port of a netdev's RDMA device is ACTIVE (a link without it has no carrier). */
function portActive(dev) {
  const ibDir = join(dev.pciDir, 'infiniband');
  if (!existsSync(ibDir)) return !dev.ib;
  return readdirSync(ibDir).some((r) => read(join(ibDir, r, 'ports/1/state')).startsWith('4:'));
}

function setLink(root, state, args) {
  let i = 0;
  if (args[i] === 'dev') i++;
  const name = args[i++];
  if (!name) fail('Not enough information: "dev" argument is required.', 1);
  const dev = findDev(root, name, `Cannot find device "${name}"`);
  const changes = [];

  while (i < args.length) {
    const word = args[i++];
    if (word === 'up' || word === 'down') {
      changes.push(() => setUpDown(dev, word === 'up'));
    } else if (word === 'mtu') {
      const value = Number(args[i++]);
      if (!Number.isInteger(value))
        fail(`Error: argument "${args[i - 1]}" is wrong: Invalid "mtu" value`);
      const limits = dev.ib ? IPOIB : ETHERNET;
      if (value > limits.max) fail('Error: mtu greater than device maximum.');
      if (value < limits.min) fail('Error: mtu less than device minimum.');
      changes.push(() => writeFileSync(join(dev.dir, 'mtu'), `${value}\n`));
    } else if (word === 'vf') {
      i = parseVf(state, dev, args, i, changes);
    } else {
      fail(`Error: either "dev" is duplicate, or "${word}" is a garbage.`);
    }
  }
  for (const apply of changes) apply();
}

function setUpDown(dev, up) {
  const carrier = up && portActive(dev);
  const operstate = !up ? 'down' : carrier ? 'up' : 'lowerlayerdown';
  writeFileSync(join(dev.dir, 'operstate'), `${operstate}\n`);
  writeFileSync(join(dev.dir, 'carrier'), carrier ? '1\n' : '0\n');
}

/** `vf N` followed by its settings; returns where the arguments continue. */
function parseVf(state, dev, args, i, changes) {
  const text = args[i++];
  if (text === undefined || !/^\d+$/.test(text)) {
    fail(`Error: argument "${text ?? ''}" is wrong: Invalid "vf" value`);
  }
  const index = Number(text);
  const vfs = virtfns(dev);
  const settings = {};
  let any = false;
  while (i < args.length) {
    const key = args[i];
    if (key === 'node_guid' || key === 'port_guid') {
      const value = args[i + 1];
      if (value === undefined) fail(`Command line is not complete. Try option "help"`);
      settings[key] = parseGuid(value);
    } else if (key === 'state') {
      const value = args[i + 1];
      if (!['auto', 'enable', 'disable'].includes(value)) {
        fail(`Error: argument "${value ?? ''}" is wrong: Invalid "state" value`);
      }
      settings.state = value;
    } else if (key === 'trust' || key === 'spoofchk') {
      if (!['on', 'off'].includes(args[i + 1]))
        fail(`Error: argument "${args[i + 1] ?? ''}" is wrong: Invalid "${key}" value`);
    } else {
      break;
    }
    any = true;
    i += 2;
  }
  if (!any)
    fail(
      'Error: at least one of "node_guid", "port_guid", "state", "trust" is required after "vf N".',
    );
  if (!vfs.some((v) => v.index === index)) fail('RTNETLINK answers: Invalid argument');
  if (!dev.ib && (settings.node_guid || settings.port_guid)) {
    fail('RTNETLINK answers: Operation not supported');
  }
  changes.push(() => writeAdmin(state, dev.pci, index, settings));
  return i;
}

function flagsOf(dev) {
  const up = dev.operstate !== 'down';
  const flags = ['BROADCAST', 'MULTICAST'];
  if (up && !dev.carrier) flags.unshift('NO-CARRIER');
  if (up) flags.push('UP');
  if (up && dev.carrier) flags.push('LOWER_UP');
  return flags;
}

function vfInfo(state, dev) {
  return virtfns(dev).map(({ index }) => {
    const admin = readAdmin(state, dev.pci, index);
    const entry = {
      vf: index,
      link_type: dev.ib ? 'infiniband' : 'ether',
      address: dev.ib ? IB_VF_ADDRESS : '00:00:00:00:00:00',
      broadcast: dev.ib ? IPOIB_BROADCAST : 'ff:ff:ff:ff:ff:ff',
    };
    if (!dev.ib) entry.spoofchk = false;
    if (dev.ib) {
      entry['node guid'] = admin.node_guid ?? ZERO_GUID;
      entry['port guid'] = admin.port_guid ?? ZERO_GUID;
    }
    entry.link_state = admin.state ?? 'auto';
    entry.trust = false;
    entry.query_rss_en = false;
    return entry;
  });
}

function linkJson(state, dev) {
  const out = {
    ifindex: dev.ifindex,
    ifname: dev.name,
    flags: flagsOf(dev),
    mtu: dev.mtu,
    qdisc: 'mq',
    operstate: dev.operstate.toUpperCase(),
    linkmode: 'DEFAULT',
    group: 'default',
    txqlen: dev.ib ? 256 : 1000,
    link_type: dev.ib ? 'infiniband' : 'ether',
    address: dev.address,
    broadcast: dev.broadcast,
  };
  const vfs = vfInfo(state, dev);
  if (vfs.length > 0) out.vfinfo_list = vfs;
  return out;
}

function linkText(state, dev) {
  const j = linkJson(state, dev);
  const lines = [
    `${j.ifindex}: ${j.ifname}: <${j.flags.join(',')}> mtu ${j.mtu} qdisc ${j.qdisc} state ${j.operstate} mode ${j.linkmode} group ${j.group} qlen ${j.txqlen}`,
    `    link/${j.link_type} ${j.address} brd ${j.broadcast}`,
  ];
  for (const vf of j.vfinfo_list ?? []) {
    const guids = dev.ib ? `, NODE_GUID ${vf['node guid']}, PORT_GUID ${vf['port guid']}` : '';
    const spoof = dev.ib ? '' : ', spoof checking off';
    lines.push(
      `    vf ${vf.vf}     link/${vf.link_type} ${vf.address} brd ${vf.broadcast}${spoof}${guids}, link-state ${vf.link_state}, trust off, query_rss off`,
    );
  }
  return lines.join('\n');
}

function showLink(root, state, args, json, pretty) {
  let i = 0;
  if (args[i] === 'dev') i++;
  const name = args[i];
  const list = name ? [findDev(root, name, `Device "${name}" does not exist.`)] : netdevs(root);
  if (json) {
    process.stdout.write(
      `${JSON.stringify(
        list.map((d) => linkJson(state, d)),
        null,
        pretty ? 4 : 0,
      )}\n`,
    );
  } else {
    for (const d of list) process.stdout.write(`${linkText(state, d)}\n`);
  }
}

const prefixOf = (word, full) => word.length > 0 && full.startsWith(word);

function main(argv) {
  let root;
  let state;
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sysfs-root') root = argv[++i];
    else if (argv[i] === '--state') state = argv[++i];
    else rest.push(argv[i]);
  }
  if (!root || !state) fail('ip stand-in: --sysfs-root DIR and --state DIR come first', 2);

  let json = false;
  let pretty = false;
  while (rest[0]?.startsWith('-')) {
    const opt = rest.shift().replace(/^--?/, '');
    if (opt === 'V' || opt === 'Version') {
      process.stdout.write('ip utility, iproute2-6.1.0, libbpf 1.1.0\n');
      return;
    }
    if (prefixOf(opt, 'json')) json = true;
    else if (prefixOf(opt, 'pretty')) pretty = true;
    else if (prefixOf(opt, 'details') || prefixOf(opt, 'statistics')) continue;
    else fail(`Option "-${opt}" is unknown, try "ip -help".`);
  }

  const object = rest.shift() ?? 'help';
  if (!prefixOf(object, 'link')) fail(`Object "${object}" is unknown, try "ip help".`, 1);
  const command = rest.shift() ?? 'show';
  if (prefixOf(command, 'show') || prefixOf(command, 'list')) {
    showLink(root, state, rest, json, pretty);
  } else if (command === 'set') {
    setLink(root, state, rest);
  } else {
    fail(`Command "${command}" is unknown, try "ip link help".`);
  }
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (err instanceof IpError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(err.code);
  }
  throw err;
}
