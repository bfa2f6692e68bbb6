export async function run(_args: string[]): Promise<number> {
  console.error('ibnet demo: not built yet');
  return 1;
}
