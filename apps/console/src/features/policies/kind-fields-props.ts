/** What each kind's config fields receive from the policy form. */
export interface KindFieldsProps<T> {
  value: T;
  /** `touched`: the paths the change counts as edited (default: the patched keys). */
  onChange: (patch: Partial<T>, touched?: string[]) => void;
  /** The message to show under a field, by path ('config.limit'), or undefined. */
  error: (path: string) => string | undefined;
  disabled?: boolean;
}
