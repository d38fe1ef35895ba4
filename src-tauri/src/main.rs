fn main() { vectis_setup::run() }
