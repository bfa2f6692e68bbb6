export async function run(_args: string[]): Promise<number> {
  console.error('ibnet agent node: not built yet');
  return 1;
}
