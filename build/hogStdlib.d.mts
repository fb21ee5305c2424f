export interface HogStdlibFunction {
  name: string;
  description?: string;
  example?: string;
  minArgs?: number;
  /** null: any number of arguments. */
  maxArgs?: number | null;
  /** Argument names of the functions written in Hog itself (arrayMap...). */
  params?: string[];
}
export declare function readHogStdlib(): HogStdlibFunction[];
