export async function run(_args: string[]): Promise<number> {
  console.error('ibnet sim: not built yet');
  return 1;
}
