fn main() {
    std::process::exit(vectis_cli::run())
}
