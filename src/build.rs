// New migration files must trigger a rebuild: sqlx::migrate! embeds them at compile time.
fn main() {
    println!("cargo:rerun-if-changed=src/store/sqlite/migrations");
    println!("cargo:rerun-if-changed=src/store/postgres/migrations");
}
