//! The `pycrane` command line.

fn main() {
    eprintln!("pycrane: not yet runnable");
    std::process::exit(2);
}
