/** Action.Execute (Universal Actions) with an Action.Submit fallback for clients before cards 1.4. */
export function executeAction(
  title: string,
  verb: string,
  data: Record<string, unknown>,
  style?: 'positive' | 'destructive',
): Record<string, unknown> {
  const action: Record<string, unknown> = {
    type: 'Action.Execute',
    title,
    verb,
    data,
    fallback: { type: 'Action.Submit', title, data: { ...data, verb } },
  };
  if (style) action.style = style;
  return action;
}
