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

msg()  { printf '>>> %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Every lab script sets USAGE (its synopsis) and calls this first:
#   args MIN MAX "$@"
# -h/--help prints the usage and exits 0; an option not in $OPTS (space
# separated, e.g. OPTS="--short --report"; a lone "-" is an argument), or fewer than MIN or more than
# MAX (- for any number) arguments, prints the usage and exits 2.  Only then
# does it create $BUILD and $LOGS: asking for help changes nothing.
usage_error() { printf 'usage: %s\nERROR: %s\n' "$USAGE" "$*" >&2; exit 2; }
args() {
	local min=$1 max=$2 a
	shift 2
	case ${1:-} in -h|--help) printf 'usage: %s\n' "$USAGE"; exit 0 ;; esac
	for a in "$@"; do
		case $a in
		-?*) [[ " ${OPTS:-} " = *" $a "* ]] || usage_error "unknown option '$a'" ;;
		esac
	done
	[ $# -ge "$min" ] || usage_error "too few arguments"
	[ "$max" = - ] || [ $# -le "$max" ] || usage_error "too many arguments"
	lab_dir "$BUILD"
	lab_dir "$LOGS"
}
# lab_dir DIR: mkdir -p DIR.  Run as root (sudo make deps) in a tree that a
# user owns, what it creates is given to that user: a later run as the user
# must be able to write there.
lab_dir() {
	[ -d "$1" ] && return 0
	mkdir -p "$1"
	give_back "$1"
}
give_back() {
	local owner
	[ "$(id -u)" = 0 ] || return 0
	owner=$(stat -c %u:%g "$LAB_TOP")
	[ "$owner" = 0:0 ] || chown "$owner" "$@" 2>/dev/null || true
}

# The kernel's crash lines on a console: every scanner and report uses this
# one pattern.  KASAN reports are "BUG: KASAN: ...", lockdep's are
# "WARNING: possible ... locking ...".
CRASH_RE='WARNING:|BUG:|Oops|Bad page state|Kernel panic|general protection fault|KASAN:'
CRASH_WHAT='WARNING/BUG/Oops/Bad page state/GPF/KASAN/panic'

# rules FILE: the entries of a rule file (lab/known-failures,
# lab/soak-base-xfail, lab/checkpatch-justified): one a line, three fields
# separated by " | ", '#' comments and blank lines skipped.  Prints each as
# FIELD1<TAB>FIELD2<TAB>FIELD3, blanks around fields trimmed; a line without
# three fields is an error that names the file and line.
rules() {
	awk -F ' [|] ' -v f="$1" '
		/^[[:space:]]*(#|$)/ { next }
		NF < 3 { printf "ERROR: %s:%d: want \"FIELD | REGEX | WHY\": %s\n", f, FNR, $0 > "/dev/stderr"; bad = 1; next }
		{ why = $3; for (i = 4; i <= NF; i++) why = why " | " $i
		  for (i = 1; i <= 2; i++) gsub(/^[[:space:]]+|[[:space:]]+$/, "", $i)
		  gsub(/^[[:space:]]+|[[:space:]]+$/, "", why)
		  printf "%s\t%s\t%s\n", $1, $2, why }
		END { exit bad }' "$1"
}

# runs_table FILE: the runs of lab/runs, one a line, as NAME<TAB>GROUPS<TAB>
# ARCH<TAB>KERNEL<TAB>JOB<TAB>MEM<TAB>NODES<TAB>EXTRA<TAB>COLLECTORS<TAB>CMDLINE
# ('#' comments and blank lines skipped).  A line with fewer than ten
# fields, a name given twice, or a collector the lab has not is an error that
# names the file and line.
runs_table() {
	awk -v f="$1" '
		/^[[:space:]]*(#|$)/ { next }
		NF < 10 { printf "ERROR: %s:%d: want NAME GROUPS ARCH KERNEL JOB MEM NODES EXTRA COLLECTORS CMDLINE: %s\n", f, FNR, $0 > "/dev/stderr"; bad = 1; next }
		seen[$1]++ { printf "ERROR: %s:%d: run %s given twice\n", f, FNR, $1 > "/dev/stderr"; bad = 1; next }
		{ n = split($9, c, ","); for (i = 1; i <= n; i++) if (c[i] !~ /^(-|rc|tap|kunit|crash)$/) {
			printf "ERROR: %s:%d: unknown collector %s (rc, tap, kunit, crash)\n", f, FNR, c[i] > "/dev/stderr"; bad = 1; next } }
		{ cmd = $10; for (i = 11; i <= NF; i++) cmd = cmd " " $i
		  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, cmd }
		END { exit bad }' "$1"
}

# select_runs GROUP [ARCH [KERNEL]]: the names of the runs of lab/runs in
# GROUP (of that arch and kernel), one a line.  Dies when the table is
# broken or selects none: a selection must never pass by booting nothing.
# Use it as sel=$(select_runs ...): a failing "for r in $(...)" would not stop.
select_runs() {
	local sel
	sel=$("$LAB_TOP/lab/run-guest" --list "$@") || die "lab/runs is broken: fix the line named above"
	[ -n "$sel" ] || die "lab/runs has no run in group '$1'${2:+ for $2}${3:+ $3}: add its line there"
	echo "$sel"
}

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
	give_back "$log"
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

# arch_facts ARCH: the facts of one architecture (compiler, image, QEMU,
# console), from lab/arch/ARCH.  An arch without a file there is a usage
# error that lists the ones that have one.
arch_facts() {
	[ -n "$1" ] && [ -f "$LAB_TOP/lab/arch/$1" ] ||
		usage_error "unknown arch '$1' ($(cd "$LAB_TOP/lab/arch" && echo * | sed 's/ /, /g'): see lab/arch/"
	# shellcheck source=/dev/null
	. "$LAB_TOP/lab/arch/$1"
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

# Measurements: every guest job writes "MEASURE NAME KEY=VALUE ..." records
# (lab/guest/helpers.sh: measure), and every report reads them with mval.
# mval FILE NAME KEY [KEY=VALUE...]: KEY's value in each NAME record of FILE
# whose other keys match, one a line, in the file's order.
mval() {
	local file=$1 name=$2 key=$3
	shift 3
	awk -v name="$name" -v key="$key" -v sel="$*" '
	$1 != "MEASURE" || $2 != name { next }
	{
		split("", v)
		for (i = 3; i <= NF; i++) { j = index($i, "="); v[substr($i, 1, j - 1)] = substr($i, j + 1) }
		m = split(sel, s, " ")
		for (i = 1; i <= m; i++) { j = index(s[i], "="); if (v[substr(s[i], 1, j - 1)] != substr(s[i], j + 1)) next }
		if (key in v) print v[key]
	}' "$file"
}

# Test results of one lab run: "STATUS<TAB>NAME<TAB>DETAIL" lines in $RESULTS,
# STATUS one of PASS FAIL SKIP XFAIL.  SKIP and XFAIL need a reason.
# Exported: the steps a run starts (lab/run-guest, scan-console, ...) add to
# its file, not to their own default.
export RESULTS=${RESULTS:-$BUILD/results.tsv}
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
