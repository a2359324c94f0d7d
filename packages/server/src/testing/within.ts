/** Calls `read` until it gives `want` (compared as JSON) or a second has passed; what it gave last. */
export async function within1s<T>(read: () => Promise<T> | T, want: T): Promise<T> {
  const since = Date.now();
  let got = await read();
  while (JSON.stringify(got) !== JSON.stringify(want) && Date.now() - since < 1000) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    got = await read();
  }
  return got;
}
