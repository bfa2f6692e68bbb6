export async function run(_args: string[]): Promise<number> {
  console.error('ibnet lint: not built yet');
  return 1;
}
