// Links into Letta's web app (RUNS-API.md §15): only Letta Cloud has stable agent deep links.

/** `https://app.letta.com/agents/<agent_id>[?conversation=<id>]` for Cloud servers, else null. */
export function agentWebLink(baseUrl: string, agentId: string | null, conversationId: string | null): string | null {
  if (!agentId) return null;
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    return null;
  }
  if (host !== 'api.letta.com') return null;
  const link = `https://app.letta.com/agents/${encodeURIComponent(agentId)}`;
  return conversationId && conversationId !== 'default' ? `${link}?conversation=${encodeURIComponent(conversationId)}` : link;
}

/**
 * The link as an OSC 8 hyperlink where the terminal supports it (clickable), plain text otherwise.
 * Our own escape sequence around our own URL: the URL is built above from sanitised ids.
 */
export function hyperlink(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const supported = Boolean(env.WT_SESSION || env.VTE_VERSION || env.TERM_PROGRAM === 'iTerm.app' || env.TERM_PROGRAM === 'WezTerm' || env.TERM === 'xterm-kitty' || env.FORCE_HYPERLINK === '1');
  return supported ? `\u001b]8;;${url}\u001b\\${url}\u001b]8;;\u001b\\` : url;
}
