import { userRoute } from '@/app/_server/http';
import { ApiProblem } from '@/app/_server/problems';
import { poolViews } from '@/lib/views/pools';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { namespace: string; name: string };

export const GET = userRoute<Params>(async ({ params, console, hub }) => {
  const snapshot = await console.snapshot(hub, ['pools', 'pods', 'networks']);
  const view = poolViews(snapshot).find(
    (p) => p.namespace === params.namespace && p.name === params.name,
  );
  if (!view) {
    throw new ApiProblem(
      404,
      'not-found',
      `There is no IPPool ${params.namespace}/${params.name} you can see.`,
      'NotFound',
      {
        resource: 'ippools.whereabouts.cni.cncf.io',
        namespace: params.namespace,
        name: params.name,
      },
    );
  }
  return view;
});
