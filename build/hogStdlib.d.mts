// Types of build/hogStdlib.mjs; the shape of one function is declared once, with the language features that read it.
import type { HogFunctionDoc } from '../src/core/language/stdlib.js';

export declare function readHogStdlib(): HogFunctionDoc[];
