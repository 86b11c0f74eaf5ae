/// <reference path="./fonts/ttf.d.ts" />
// Fonts for PDF exports whose text goes beyond what the standard PDF fonts can show (Western
// European, WinAnsi): Turkish ş ğ ı, Central European ő ł, Vietnamese, Greek, Cyrillic. DejaVu Serif
// in four styles and DejaVu Sans Mono for code, cut to those scripts by
// scripts/fonts/subset-dejavu.sh (750 KB, ≈430 KB gzip, in the bundle as binary modules), and
// embedded in a PDF as subsets holding only the glyphs its text uses.
import mono from './fonts/DejaVuSansMono.ttf';
import boldItalic from './fonts/DejaVuSerif-BoldItalic.ttf';
import bold from './fonts/DejaVuSerif-Bold.ttf';
import italic from './fonts/DejaVuSerif-Italic.ttf';
import regular from './fonts/DejaVuSerif.ttf';

/** The font files, by the role they play in the PDF. */
export interface UnicodeFontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
  italic: Uint8Array;
  boldItalic: Uint8Array;
  mono: Uint8Array;
}

/** The DejaVu files (views of the modules' bytes; pdf-lib only reads them). */
export function unicodeFonts(): UnicodeFontBytes {
  return {
    regular: new Uint8Array(regular),
    bold: new Uint8Array(bold),
    italic: new Uint8Array(italic),
    boldItalic: new Uint8Array(boldItalic),
    mono: new Uint8Array(mono),
  };
}
