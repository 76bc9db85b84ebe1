export function electronPackageDir(from?: string): string | undefined;
export function electronBinary(packageDir: string | undefined): string | undefined;
export function downloadFailureReason(output: string): string;
export function downloadElectron(packageDir: string): { binary: string; error?: undefined } | { binary?: undefined; error: string };
export function missingBinaryMessage(reason: string): string;
