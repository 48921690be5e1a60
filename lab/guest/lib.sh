# Helpers for guest jobs (bash).  Results go to stdout, the lab's results port.
vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
memmap() { echo $(( $(vmstat nr_memmap_pages) + $(vmstat nr_memmap_boot_pages) )); }
now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }
hp() { echo "/sys/kernel/mm/hugepages/hugepages-$1kB"; }

# probe TAG START_PFN NR_PFNS: dump the vmemmap backing of compound pages.
probe() {
	echo "$2 $3" > /sys/kernel/debug/vmemmap_probe || return 1
	grep -v '^other ' /sys/kernel/debug/vmemmap_probe | sed "s/^/PROBE $1 /"
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

# create_dax ALIGN: a device-dax namespace (struct pages in RAM) of the
# largest size region0 holds at that alignment; ndctl's JSON on stdout.
create_dax() {
	local a=$1 avail bytes=$(( ${1%[GM]} << 20 ))
	[ "${a%G}" = "$a" ] || bytes=$(( bytes << 10 ))
	avail=$(ndctl list -r region0 | sed -n 's/.*"available_size":\([0-9]*\).*/\1/p')
	ndctl create-namespace -r region0 -m devdax -a "$a" -M mem -s $(( avail / bytes * bytes ))
}
dax_setup() {
	ndctl disable-region all && ndctl init-labels -f all && ndctl enable-region all
}

# TAP
ntest=0
ok()      { ntest=$((ntest + 1)); echo "ok $ntest $*"; }
notok()   { ntest=$((ntest + 1)); echo "not ok $ntest $*"; }
skip()    { ntest=$((ntest + 1)); echo "ok $ntest $1 # SKIP $2"; }
# t NAME CMD...: run CMD, its output as TAP diagnostics, one result line.
t() {
	local name=$1 rc=0
	shift
	"$@" > /tmp/t.out 2>&1 || rc=$?
	sed 's/^/# /' /tmp/t.out
	if [ $rc -eq 0 ]; then ok "$name"
	elif [ $rc -eq 4 ]; then skip "$name" "$(tail -n 1 /tmp/t.out)"
	else notok "$name # exit=$rc"; fi
}
