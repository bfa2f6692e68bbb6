/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node is ESM with its own fetch stack; keep it out of the server bundle.
  serverExternalPackages: ['@kubernetes/client-node', 'pino', 'prom-client'],
  poweredByHeader: false,
  reactStrictMode: true,
  agentRules: false,
  experimental: { agentUpgrade: false },
};

export default nextConfig;
