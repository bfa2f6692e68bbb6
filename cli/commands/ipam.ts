export async function run(_args: string[]): Promise<number> {
  console.error('ibnet ipam: not built yet');
  return 1;
}
