//! The binary: the command line (`dutydesk::cli`), and a note taken before Rust starts of
//! whether standard output was there at all.

fn main() -> std::process::ExitCode {
    dutydesk::cli::main()
}

/// Runs before Rust's runtime, which puts `/dev/null` on a standard descriptor the program
/// was started without: only now can a closed standard output (`>&-`) still be seen.
#[used]
#[unsafe(link_section = ".init_array")]
static NOTE_STANDARD_OUTPUT: extern "C" fn() = {
    extern "C" fn note() {
        dutydesk::cli::out::note_standard_output();
    }
    note
};
