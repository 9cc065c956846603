//! Builds the crate again when the student web client (`ui/dist-web`, which
//! `rust-embed` embeds, and reads from there in debug builds) changes or
//! first appears: whether it exists is decided when the crate compiles, so
//! a crate compiled before `npm run build:web` would otherwise go on
//! serving "built without its web client".

fn main() {
    println!("cargo:rerun-if-changed=../ui/dist-web");
    println!("cargo:rerun-if-changed=build.rs");
}
