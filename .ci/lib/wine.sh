# Shared by .ci/wine-cli and .ci/windows-wine (sourced): a private 64-bit Wine prefix that runs
# Rust's mingw executables, the simulator, and the pass/fail bookkeeping. Needs $work (a temp dir).
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
[ -x "$wine" ] || { echo "wine64 is missing: bash .ci/install-deps all" >&2; exit 1; }
wineserver="$(dirname "$wine")/wineserver"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
failures=0
sim_pid=""

ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures+1)); }

# Wine 8 lacks ProcessPrng (bcryptprimitives.dll), which Rust's std imports: a stub answers it
# with RtlGenRandom (advapi32's SystemFunction036). Built to $1 (beside an .exe, or system32).
wine_prng_stub() {
  cat > "$work/stub.c" <<'C'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) { return SystemFunction036(data, (ULONG)len); }
C
  x86_64-w64-mingw32-gcc -shared -o "$1" "$work/stub.c" -ladvapi32
}

wine_boot() {
  echo "== wineboot (private prefix)"
  timeout 180 "$wine" wineboot -i >/dev/null 2>&1
}

wine_stop() { "$wineserver" -k 2>/dev/null || true; }

# Starts the simulator (run natively) and points the environment at it; sets user, secret, code.
sim_start() {
  ./target/debug/autotask-sim --port 0 --autotask-hostnames >"$work/sim.out" 2>"$work/sim.err" &
  sim_pid=$!
  for _ in $(seq 50); do [ -s "$work/sim.out" ] && break; sleep 0.1; done
  base=$(head -n1 "$work/sim.out")
  export VECTIS_ZONE_LOOKUP_URL="${base}atservicesrest/" VECTIS_ALLOW_CUSTOM_ENDPOINT=1
  export WINEPATH=""
  local demo
  demo=$(curl -sf "${base}_sim/demo-credentials")
  user=$(json_get '["username"]' <<<"$demo"); secret=$(json_get '["secret"]' <<<"$demo")
  code=$(json_get '["integrationCode"]' <<<"$demo")
}

sim_stop() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true; }

json_get() { python3 -c "import json,sys; v=json.load(sys.stdin); print(eval('v'+sys.argv[1]))" "$1"; }

# The Credential Manager entries Wine keeps in the user's registry hive.
credentials() {
  "$wineserver" -w; grep -c 'autotask-default' "$WINEPREFIX/user.reg" || true
}
