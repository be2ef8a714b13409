/** Compiles or copies every file of `root`/src that changed since its copy in `root`/dist. */
export function freshDist(root: string): Promise<void>;
