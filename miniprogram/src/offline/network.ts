/** Online/offline state shared by the pages (banner) and the cart queue. */
type Listener = (online: boolean) => void;

const listeners = new Set<Listener>();
let online = true;
let watching = false;

export function isOnline(): boolean {
  return online;
}

export function setOnline(value: boolean): void {
  if (value === online) return;
  online = value;
  for (const l of listeners) l(value);
}

export function onNetworkChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function startNetworkWatch(): void {
  if (watching) return;
  watching = true;
  uni.getNetworkType({
    success: (res) => setOnline(res.networkType !== "none"),
  });
  uni.onNetworkStatusChange((res) => setOnline(res.isConnected));
}
