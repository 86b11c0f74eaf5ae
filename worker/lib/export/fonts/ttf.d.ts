// A .ttf imported by the worker is a binary module (wrangler.toml [[rules]] type "Data"): its bytes.
declare module '*.ttf' {
  const bytes: ArrayBuffer;
  export default bytes;
}
