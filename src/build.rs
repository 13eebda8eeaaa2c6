// New migration files must trigger a rebuild: sqlx::migrate! embeds them at compile time.
fn main() {
    println!("cargo:rerun-if-changed=src/store/sqlite/migrations");
    println!("cargo:rerun-if-changed=src/store/postgres/migrations");
    // The program's pointers are relocated from a packed table (DT_RELR, glibc 2.36+) rather
    // than a megabyte of entries read at every start: less memory for the wall screen.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu")
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
