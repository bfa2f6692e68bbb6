export async function run(_args: string[]): Promise<number> {
  console.error('ibnet agent controller: not built yet');
  return 1;
}
