import { RESOURCES } from '@/lib/kube';
import { OPENSHIFT_NETWORK_NAME } from '@/lib/model';
import { userRoute } from '@/app/_server/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The OpenShift network operator config (networks.operator.openshift.io/cluster). */
export const GET = userRoute(async ({ client }) =>
  client.get(RESOURCES.networks, OPENSHIFT_NETWORK_NAME),
);
