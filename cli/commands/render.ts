export async function run(_args: string[]): Promise<number> {
  console.error('ibnet render: not built yet');
  return 1;
}
