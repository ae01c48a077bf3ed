/** The longest delay setTimeout takes: a longer one fires at once (Node clamps it to 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `expired` once the clock reaches `expiresAt` (epoch ms), however far away that is: a JWT may
 * live 30 days (GATEWAY_JWT_MAX_AGE_SECONDS), past setTimeout's 24.8-day limit, so the wait is
 * re-armed in steps. Returns the cancel.
 */
export function onExpiry(expiresAt: number, expired: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) return expired();
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
  };
  arm();
  return () => clearTimeout(timer);
}
