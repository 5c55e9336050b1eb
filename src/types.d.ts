declare module "*.sql" {
  const text: string;
  export default text;
}
declare module "*.eta" {
  const text: string;
  export default text;
}
declare module "*.gz" {
  const path: string;
  export default path;
}
