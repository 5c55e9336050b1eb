// Static files are embedded with `with { type: "file" }`: the import is the file's path inside the binary.
declare module "*.css" {
  const path: string;
  export default path;
}
