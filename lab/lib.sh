# shellcheck shell=bash
# Common helpers for the lab scripts.  Sourced, never run.

LAB_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${LAB_BUILD:-$LAB_TOP/build}
PATCHES=$LAB_TOP/patches
KTREE=$BUILD/linux			# developer git tree: base + series
SRC=$BUILD/src/linux			# the lab's worktree, see apply-series
LOGS=$BUILD/logs

# The base: Debian's linux-source-6.12, pinned.
BASE_PKG=linux-source-6.12
BASE_VERSION=6.12.117-1~deb12u1
BASE_TARBALL=/usr/src/linux-source-6.12.tar.xz
BASE_TAG=base-6.12.117

mkdir -p "$BUILD" "$LOGS"

msg()  { printf '>>> %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# run_logged NAME CMD...: run CMD with its output in $LOGS/NAME.log, print a
# progress line every 15 s, and on failure show the log's tail and path.
run_logged() {
	local name=$1 log=$LOGS/$1.log start pid rc=0
	shift
	start=$(date +%s)
	"$@" >"$log" 2>&1 &
	pid=$!
	while ! wait_timeout "$pid" 15; do
		printf '    ... %s: %ds, %s\n' "$name" $(($(date +%s) - start)) \
			"$(tail -n 1 "$log" | cut -c1-90)" >&2
	done
	wait "$pid" || rc=$?
	if [ "$rc" -ne 0 ]; then
		printf 'ERROR: %s failed (exit %d); last lines of %s:\n' "$name" "$rc" "$log" >&2
		tail -n 40 "$log" | sed 's/^/    /' >&2
		return "$rc"
	fi
	printf '    %s: done in %ds\n' "$name" $(($(date +%s) - start)) >&2
}

# wait_timeout PID SECONDS: true once PID has exited, false after SECONDS.
wait_timeout() {
	local i
	for ((i = 0; i < $2 * 2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.5
	done
	! kill -0 "$1" 2>/dev/null
}

need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null ||
			die "'$t' not found; run 'make deps' (as root) to install the lab's packages"
	done
}

# The series, in order, as listed in patches/series.
series_patches() {
	[ -f "$PATCHES/series" ] || return 0
	{ grep -v -e '^#' -e '^[[:space:]]*$' "$PATCHES/series" || true; } | sed "s|^|$PATCHES/|"
}

# Test results of one lab run: "STATUS<TAB>NAME<TAB>DETAIL" lines in $RESULTS,
# STATUS one of PASS FAIL SKIP XFAIL.  SKIP and XFAIL need a reason.
RESULTS=${RESULTS:-$BUILD/results.tsv}
result() {
	local st=$1 name=$2 why=${3:-}
	printf '%s\t%s\t%s\n' "$st" "$name" "$why" >>"$RESULTS"
	printf '%-5s %s%s\n' "$st" "$name" "${why:+ ($why)}"
}
# tap_results PREFIX FILE [XFAIL_FN]: one result per TAP line of FILE ("ok",
# "not ok", "# SKIP"); fails if FILE has no TAP result at all.  A failure is
# XFAIL where XFAIL_FN, given the test's name, prints a reason.
tap_results() {
	local prefix=$1 file=$2 xfail=${3:-} n=0 l name why
	while IFS= read -r l; do
		case $l in
		"ok "*"# SKIP"*) name=${l#ok }; name=${name#[0-9]* }
			result SKIP "$prefix${name%% # SKIP*}" "${name#*# SKIP }" ;;
		"ok "*)     name=${l#ok }; result PASS "$prefix${name#[0-9]* }" ;;
		"not ok "*) name=${l#not ok }; name=${name#[0-9]* }
			why=${xfail:+$("$xfail" "${name%% # exit=*}")}
			if [ -n "$why" ]; then result XFAIL "$prefix${name%% # exit=*}" "$why"
			else result FAIL "$prefix$name" ${xfail:+"not explained by $xfail; see $file"}; fi ;;
		*) continue ;;
		esac
		n=$((n + 1))
	done <"$file"
	[ "$n" -gt 0 ] || result FAIL "${prefix}results" "no TAP result in $file"
}
