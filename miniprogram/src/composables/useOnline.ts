import {onUnmounted, ref} from "vue";
import {isOnline, onNetworkChange} from "../offline/network";

/** A ref following the network state, for banners and disabled buttons. */
export function useOnline() {
  const online = ref(isOnline());
  const stop = onNetworkChange((value) => (online.value = value));
  onUnmounted(stop);
  return online;
}
