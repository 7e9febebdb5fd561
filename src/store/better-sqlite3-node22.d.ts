// better-sqlite3 13 under its npm alias (package.json); its API is 12's, typed by @types/better-sqlite3.
declare module "better-sqlite3-node22" {
  import Database from "better-sqlite3";
  export default Database;
}
