# Helpers for guest jobs (bash; /init sources it with busybox sh, so arg()
# stays POSIX).  Results go to stdout, the lab's results port.
# arg KEY: the value of KEY= on the kernel command line (lab.job=, lab.soak=...).
arg() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
# measure NAME KEY=VALUE...: one measurement for the host, the lab's one
# record format ("MEASURE NAME KEY=VALUE ...", values without blanks), which
# lab/lib.sh's mval() reads.
measure() { echo "MEASURE $*"; }
vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
memmap() { echo $(( $(vmstat nr_memmap_pages) + $(vmstat nr_memmap_boot_pages) )); }
now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }
hp() { echo "/sys/kernel/mm/hugepages/hugepages-$1kB"; }

# probe TAG START_PFN NR_PFNS: dump the vmemmap backing of compound pages.
probe() {
	echo "$2 $3" > /sys/kernel/debug/vmemmap_probe || return 1
	# KIND ORDER HEAD_PFN VMEMMAP_PAGES RUN...: one compound page, each RUN
	# PFNw*N or PFNr*N, N vmemmap pages from PFN mapped writable or not.
	awk -v c="$1" '$1 != "other" { m = $5; for (i = 6; i <= NF; i++) m = m "," $i
		print "MEASURE vmemmap case=" c " kind=" $1 " order=" $2 " head=" $3 " pages=" $4 " map=" m }' \
		/sys/kernel/debug/vmemmap_probe
}
# pfn ranges of the iomem resources whose name matches $1 (top level only).
iomem_pfns() {
	grep -E "^[0-9a-f]+-[0-9a-f]+ : $1\$" /proc/iomem | while IFS='- ' read -r s e _; do
		echo $(( 0x$s >> 12 )) $(( (0x$e + 1 - 0x$s) >> 12 ))
	done
}
probe_ram() { iomem_pfns 'System RAM' | while read -r s n; do probe "$1" "$s" "$n"; done; }
# the pfn range of device-dax instance $2
probe_dax() {
	local d=/sys/bus/dax/devices/$2 s
	s=$(cat "$d/resource")
	probe "$1" $(( s >> 12 )) $(( $(cat "$d/size") >> 12 ))
}

# create_dax ALIGN [SIZE]: a device-dax namespace (struct pages in RAM) of
# SIZE bytes, or the largest size region0 holds at that alignment; ndctl's
# JSON on stdout.
align_bytes() {
	local b=$(( ${1%[GM]} << 20 ))
	[ "${1%G}" = "$1" ] || b=$(( b << 10 ))
	echo "$b"
}
create_dax() {
	local a=$1 avail bytes
	bytes=$(align_bytes "$a")
	avail=$(ndctl list -r region0 | sed -n 's/.*"available_size":\([0-9]*\).*/\1/p')
	ndctl create-namespace -r region0 -m devdax -a "$a" -M mem -s "${2:-$(( avail / bytes * bytes ))}"
}
# dax_lifecycle ALIGN N [SIZE]: create and destroy a namespace N times, of
# SIZE bytes or the largest.
# Each time it exists, nr_memmap must exceed its start by exactly 1 page per
# compound page (size / align), and come back once it is gone; the first
# creation may add the zone's shared tail page, once.
dax_lifecycle() {
	local a=$1 n=$2 i m0 m1 m d nr ns t0 tc=0 td=0 rc=0
	m0=$(memmap)
	for i in $(seq 1 "$n"); do
		[ $((i % 10)) != 0 ] || echo "dax_lifecycle $a: $i of $n" > /dev/kmsg
		# A caller's DEADLINE (date +%s) bounds the cycles.
		if [ -n "${DEADLINE:-}" ] && [ "$(date +%s)" -ge "$DEADLINE" ]; then
			echo "align $a: out of time after $((i - 1)) of $n iterations"
			return 1
		fi
		t0=$(now_ms)
		create_dax "$a" ${3:+"$3"} > /tmp/lc.json || { echo "create $i failed"; return 1; }
		tc=$((tc + $(now_ms) - t0))
		m=$(memmap)
		ns=$(sed -n 's/.*"dev":"\(namespace[0-9.]*\)".*/\1/p' /tmp/lc.json | head -n 1)
		# The pagemap spans the whole namespace, info block included.
		nr=$(( $(cat "/sys/bus/nd/devices/$ns/size") / $(align_bytes "$a") ))
		t0=$(now_ms)
		ndctl destroy-namespace -f "$ns" >/dev/null 2>&1 || { echo "destroy $i failed"; return 1; }
		td=$((td + $(now_ms) - t0))
		# A kernel that keeps more than 1 page a compound page fails, but
		# still goes through the cycles: they must not leak either.
		if [ "$i" = 1 ]; then
			m1=$(memmap) d=$((m - m1))
			echo "align $a: $nr compound pages; nr_memmap $m0 -> $m with the namespace -> $m1 without"
			[ $((m1 - m0)) -le 1 ] || return 1
			[ "$d" = "$nr" ] || { echo "align $a: $d vmemmap pages for $nr compound pages, not 1 each"; rc=1; }
		elif [ $((m - m1)) != "$d" ] || [ "$(memmap)" != "$m1" ]; then
			echo "iteration $i: nr_memmap $m with the namespace, $(memmap) without (want $((m1 + d)), $m1)"
			return 1
		fi
	done
	echo "$n iterations: nr_memmap back to $m1 each time;" \
		"ndctl create-namespace $((tc / n)) ms, destroy-namespace $((td / n)) ms on average"
	return $rc
}

# dax_refused ARGS: ndctl create-namespace ARGS must fail and change nothing.
dax_refused() {
	local m0 before
	m0=$(memmap)
	before=$(ndctl list -N | wc -c)
	if ndctl create-namespace -r region0 "$@"; then
		echo "created, but must not be"
		return 1
	fi
	echo "refused; nr_memmap $m0 -> $(memmap), namespaces unchanged: $([ "$(ndctl list -N | wc -c)" = "$before" ] && echo yes || echo no)"
	[ "$(memmap)" = "$m0" ] && [ "$(ndctl list -N | wc -c)" = "$before" ]
}

dax_setup() {
	ndctl disable-region all && ndctl init-labels -f all && ndctl enable-region all
}

# TAP
ntest=0
ok()      { ntest=$((ntest + 1)); echo "ok $ntest $*"; }
notok()   { ntest=$((ntest + 1)); echo "not ok $ntest $*"; }
skip()    { ntest=$((ntest + 1)); echo "ok $ntest $1 # SKIP $2"; }
# paging_as_asked: one result, the paging mode lab.la57= asks for (1: 5-level)
# is the one running: the CPU flag la57 stays only while 5-level paging is on.
paging_as_asked() {
	local want have=0
	want=$(arg lab.la57)
	grep -qw la57 /proc/cpuinfo && have=1
	if [ "$have" = "$want" ]; then ok "paging: $((4 + want))-level as asked"
	else notok "paging: $((4 + ${want:-0}))-level as asked # got $((4 + have))-level"; fi
}
# vmtests_hugetlb SECONDS: the HugeTLB category of run_vmtests.sh from
# /lab/selftests/mm, each of its tests one result; its output streams as TAP
# comments, and a hung test ends it after SECONDS.
vmtests_hugetlb() {
	local rc l
	cd /lab/selftests/mm || { notok "hugetlb: the mm selftests are in the initramfs"; return; }
	timeout "$1" ./run_vmtests.sh -d -t hugetlb 2>&1 | tee /tmp/vmtests.out | sed 's/^\(# \)\{0,1\}/# /'
	rc=${PIPESTATUS[0]}
	case $rc in 124|143) notok "hugetlb: run_vmtests.sh finished within $1 s" ;; esac
	# run_vmtests.sh's own results are its unprefixed TAP lines.
	sed -n 's/^\(not \)\{0,1\}ok [0-9]* \(.*\)$/\1ok - hugetlb: \2/p' /tmp/vmtests.out > /tmp/vmtests.tap
	while IFS= read -r l; do
		case $l in
		"ok - "*)     ok "${l#ok - }" ;;
		"not ok - "*) notok "${l#not ok - }" ;;
		esac
	done < /tmp/vmtests.tap
	[ -s /tmp/vmtests.tap ] || notok "hugetlb: run_vmtests.sh ran no test"
	cd /
}
# t NAME CMD...: run CMD, its output as TAP diagnostics, one result line;
# returns CMD's status.
t() {
	local name=$1 rc=0
	shift
	"$@" > /tmp/t.out 2>&1 || rc=$?
	sed 's/^/# /' /tmp/t.out
	if [ $rc -eq 0 ]; then ok "$name"
	elif [ $rc -eq 4 ]; then skip "$name" "$(tail -n 1 /tmp/t.out)"
	else notok "$name # exit=$rc"; fi
	return $rc
}

# Fault injection: fail_page_alloc, aimed with its stack filter.
FPA=/sys/kernel/debug/fail_page_alloc
# text_range NAME: "START END" of the text of the kernel object whose
# functions /lab/text/NAME lists: /proc/kallsyms is in address order, and the
# object is the longest run of them (a static name may recur elsewhere).
text_range() {
	[ -s "/lab/text/$1" ] || return 0
	awk -v f="/lab/text/$1" '
		BEGIN { while ((getline l < f) > 0) want[l] = 1 }
		NF != 3 { next }
		$2 ~ /^[tTwW]$/ && ($3 in want) { if (!run++) s = $1; next }
		run { if (run > best) { best = run; bs = s; be = $1 } run = 0 }
		END { if (best) print "0x" bs, "0x" be }' /proc/kallsyms
}
# fail_only_in NAME [BUT_NOT]: fail allocations made under the text of object
# NAME only, and none made under BUT_NOT's.
fail_only_in() {
	local r
	[ -e $FPA/require-start ] ||
		{ echo "no $FPA/require-start: the kernel lacks CONFIG_FAULT_INJECTION_STACKTRACE_FILTER"; return 1; }
	r=$(text_range "$1")
	[ -n "$r" ] || { echo "no text of $1 in /proc/kallsyms"; return 1; }
	echo "${r% *}" > $FPA/require-start; echo "${r#* }" > $FPA/require-end
	r=$(text_range "${2:-none}")
	echo "${r% *}" | sed 's/^$/0/' > $FPA/reject-start
	echo "${r#* }" | sed 's/^$/0/' > $FPA/reject-end
	echo 32 > $FPA/stacktrace-depth
}
# fail_write SPACE TIMES FILE VALUE: write VALUE to FILE with fail-write, and
# fail_page_alloc (aimed first with fail_only_in) failing up to TIMES page
# allocations of that write once it has allocated SPACE pages; sets INJECTED
# and USED (pages allocated before the first failure, or in all).  The
# write's status.
fail_write() {
	local rc=0
	echo N > $FPA/ignore-gfp-wait
	echo N > $FPA/ignore-gfp-highmem
	echo 0 > $FPA/min-order
	echo "$1" > $FPA/space
	echo 1 > $FPA/interval
	echo Y > $FPA/task-filter
	echo "$2" > $FPA/times
	echo 100 > $FPA/probability
	/lab/fail-write "$3" "$4" || rc=$?
	echo 0 > $FPA/probability
	INJECTED=$(($2 - $(cat $FPA/times))) USED=$(($1 - $(cat $FPA/space)))
	return $rc
}
